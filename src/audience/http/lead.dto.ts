import {
  ArrayNotEmpty, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateIf,
  buildMessage, type ValidationOptions,
} from 'class-validator';
import { CONTACT_CHANNELS, LEAD_STAGES, LEAD_TREATMENTS } from '../domain/lead-state.js';

// DTOs check shape and types; the domain's value objects check meaning (valid phone numbers,
// email addresses, IANA zones, tag and custom-field rules). Length caps here only bound the work.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/** Present means not null; absent is fine (for non-nullable optional fields of PATCH and create). */
const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

/** An ISO 8601 instant with a time zone, e.g. `2026-11-23T10:00:00.000Z`. */
function IsInstant(options?: ValidationOptions) {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (v) => typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)),
      defaultMessage: buildMessage((each) => `${each}must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-23T10:00:00.000Z`, options),
    },
  }, options);
}

/** Required, but null is a value: `{"assignedTo": null}` unassigns. */
function IsUserIdOrNull(options?: ValidationOptions) {
  return ValidateBy({
    name: 'isUserIdOrNull',
    validator: {
      validate: (v) => v === null || (typeof v === 'string' && v.length <= 200),
      defaultMessage: buildMessage(() => 'must be a user id (a string of at most 200 characters) or null', options),
    },
  }, options);
}

/** Fields shared by create and PATCH; every one optional here. */
class LeadFieldsDto {
  @IsOptionalNotNull() @IsString() @MaxLength(100) firstName?: string;
  @IsOptionalNotNull() @IsString() @MaxLength(100) lastName?: string;
  @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(320) email?: string | null;
  @IsOptional() @IsString() @MaxLength(64) timezone?: string | null;
  @IsOptional() @IsString() @MaxLength(100) region?: string | null;
  @IsOptionalNotNull() @IsArray() @IsString({ each: true }) tags?: string[];
  @IsOptionalNotNull() @IsObject() customFields?: Record<string, unknown>;
  @IsOptionalNotNull() @IsIn(LEAD_TREATMENTS) treatment?: string;
  @IsOptional() @IsInstant() nextActionAt?: string | null;
  @IsOptionalNotNull() @IsString() @MaxLength(10_000) notes?: string;
  /** Not a lead field: the country national phone numbers in this request are read in. */
  @IsOptionalNotNull() @IsString() @Matches(COUNTRY, { message: 'must be an ISO 3166-1 alpha-2 country code such as "CO"' }) defaultCountry?: string;
}

export class CreateLeadDto extends LeadFieldsDto {
  @IsString() @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be a brand id: lowercase letters, digits, - and _ (up to 63)' }) brandId!: string;
  @IsOptionalNotNull() @IsInt() score?: number;
  @IsOptionalNotNull() @IsIn(LEAD_STAGES) stage?: string;
  @IsOptional() @IsUserIdOrNull() assignedTo?: string | null;
}

export class UpdateLeadDto extends LeadFieldsDto {}

export class ChangeStageDto {
  @IsIn(LEAD_STAGES) stage!: string;
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/** Exactly one of the two; which one is checked when mapping to the command (lead.requests.ts). */
export class ChangeScoreDto {
  @IsOptionalNotNull() @IsInt() score?: number;
  @IsOptionalNotNull() @IsInt() delta?: number;
}

export class AssignLeadDto {
  @IsUserIdOrNull() assignedTo!: string | null;
}

export class ConsentDto {
  @IsOptionalNotNull() @IsArray() @ArrayNotEmpty() @IsIn(CONTACT_CHANNELS, { each: true, message: `each channel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  channels?: string[];
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
