import { Type } from 'class-transformer';
import {
  ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateIf, ValidateNested,
  buildMessage, type ValidationOptions,
} from 'class-validator';
import { CAMPAIGN_CHANNELS, CAMPAIGN_OBJECTIVES, CAMPAIGN_TYPES, WEEKDAYS } from '../domain/campaign-state.js';

// DTOs check shape and types; the domain's value objects check meaning (future dates, IANA zones, currency digits).

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;

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

export class ScheduleDto {
  @IsInstant() startAt!: string;
  @IsOptional() @IsInstant() endAt?: string | null;
}

export class CallingWindowDto {
  @IsString() @Matches(HH_MM, { message: 'must be a time HH:MM (00:00 to 23:59)' }) start!: string;
  @IsString() @Matches(HH_MM, { message: 'must be a time HH:MM (00:00 to 23:59)' }) end!: string;
  @IsArray() @ArrayNotEmpty() @IsIn(WEEKDAYS, { each: true, message: `each day must be one of ${WEEKDAYS.join(', ')}` }) days!: string[];
  @IsString() @MaxLength(64) timezone!: string;
}

export class RetryPolicyDto {
  @IsInt() maxRetries!: number;
  @IsInt() retryDelayMinutes!: number;
}

export class MoneyDto {
  @IsString() @Matches(DECIMAL, { message: 'must be a decimal string such as "1500.00"' }) amount!: string;
  @IsString() currency!: string;
}

/** Fields shared by create and PATCH; every one optional here. */
class CampaignFieldsDto {
  @IsOptionalNotNull() @IsString() name?: string;
  @IsOptionalNotNull() @IsString() description?: string;
  @IsOptionalNotNull() @IsIn(CAMPAIGN_TYPES) type?: string;
  @IsOptionalNotNull() @IsIn(CAMPAIGN_OBJECTIVES) objective?: string;
  @IsOptionalNotNull() @IsIn(CAMPAIGN_CHANNELS) channel?: string;
  @IsOptional() @ValidateNested() @Type(() => ScheduleDto) schedule?: ScheduleDto | null;
  @IsOptional() @ValidateNested() @Type(() => CallingWindowDto) callingWindow?: CallingWindowDto | null;
  @IsOptionalNotNull() @ValidateNested() @Type(() => RetryPolicyDto) retryPolicy?: RetryPolicyDto;
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) budget?: MoneyDto | null;
  @IsOptional() @IsInt() maxPerDay?: number | null;
  @IsOptionalNotNull() @IsInt() priority?: number;
  @IsOptional() @IsString() scriptTemplate?: string | null;
}

/**
 * Re-declares a required field: class-validator keeps an inherited @ValidateIf unless the subclass
 * declares its own, and the parent's "skip when absent" would silently make the field optional.
 */
const Required = () => ValidateIf(() => true);

export class CreateCampaignDto extends CampaignFieldsDto {
  // Its format is the domain's rule (one place), like the lengths of the texts below.
  @IsString() brandId!: string;
  @Required() @IsString() declare name: string;
  @Required() @IsIn(CAMPAIGN_TYPES) declare type: string;
  @Required() @IsIn(CAMPAIGN_OBJECTIVES) declare objective: string;
  @Required() @IsIn(CAMPAIGN_CHANNELS) declare channel: string;
}

export class UpdateCampaignDto extends CampaignFieldsDto {}

export class ScheduleCampaignDto {
  @IsInstant() startAt!: string;
  @IsOptional() @IsInstant() endAt?: string | null;
}

export class ReasonDto {
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/** A metric is an absolute value or `{"increment": value}`. */
function IsMetric(kind: 'integer' | 'number' | 'decimal', options?: ValidationOptions) {
  const ok = (v: unknown) =>
    kind === 'decimal' ? typeof v === 'string' && DECIMAL.test(v)
      : kind === 'integer' ? Number.isSafeInteger(v)
      : typeof v === 'number' && Number.isFinite(v);
  const what = kind === 'decimal' ? 'a decimal string such as "150.00"' : kind === 'integer' ? 'an integer' : 'a number';
  return ValidateBy({
    name: 'isMetric',
    validator: {
      validate: (v) => ok(v) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && 'increment' in v && ok((v as { increment: unknown }).increment)),
      defaultMessage: buildMessage(() => `must be ${what} or {"increment": ${what}}`, options),
    },
  }, options);
}

export type MetricInput<T> = T | { increment: T };

// A metric sent as null is a bad value, not an absent one; engagement is a count (domain and OpenAPI: integer).
export class ReportMetricsDto {
  @IsOptionalNotNull() @IsMetric('integer') salesCount?: MetricInput<number>;
  @IsOptionalNotNull() @IsMetric('decimal') salesAmount?: MetricInput<string>;
  @IsOptionalNotNull() @IsMetric('integer') engagement?: MetricInput<number>;
  @IsOptionalNotNull() @IsMetric('decimal') budgetSpent?: MetricInput<string>;
}
