import { FieldErrorCollector } from '../../../seedwork/domain/index.js';
import { parseCountryCode, type CountryCode } from '../domain/value-objects/phone.js';
import type { DuplicatePolicy } from './import-leads-plan.js';

export interface LeadImportOptions {
  readonly brandId: string;
  readonly onDuplicate: DuplicatePolicy;
  /** The country national phone numbers of the file are read in. */
  readonly defaultCountry?: CountryCode;
}

const BRAND_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['skip', 'update'];

/** The import's options as the query string or the command line give them; one ValidationError names every bad one. */
export function leadImportOptions(raw: { brandId?: unknown; onDuplicate?: unknown; defaultCountry?: unknown }): LeadImportOptions {
  const errors = new FieldErrorCollector();
  const { brandId, onDuplicate = 'skip', defaultCountry } = raw;
  if (brandId === undefined) errors.add('brandId', 'is required: the brand the leads are imported into');
  else if (typeof brandId !== 'string' || !BRAND_ID.test(brandId)) errors.add('brandId', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  if (!(DUPLICATE_POLICIES as readonly unknown[]).includes(onDuplicate)) errors.add('onDuplicate', `must be one of ${DUPLICATE_POLICIES.join(', ')}`);
  const country = defaultCountry === undefined ? undefined : errors.check(() => parseCountryCode(defaultCountry));
  errors.throwIfAny();
  return { brandId: brandId as string, onDuplicate: onDuplicate as DuplicatePolicy, ...(country && { defaultCountry: country }) };
}
