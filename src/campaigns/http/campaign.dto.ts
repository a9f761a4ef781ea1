import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, ValidateBy, ValidateIf, ValidateNested, buildMessage, type ValidationOptions } from 'class-validator';
import { IsJsonObject } from '../../../seedwork/http/index.js';

// DTOs check only the JSON shape: known fields, JSON types, nesting. Every rule about values
// (enums, ranges, formats, future dates, IANA zones, currency digits) is the domain's, which
// reports all bad fields of a body at once; were some rules here, a body with both kinds of
// mistakes would be answered in two rounds.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

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
  @IsString() start!: string;
  @IsString() end!: string;
  @IsArray() @IsString({ each: true }) days!: string[];
  @IsString() timezone!: string;
}

export class RetryPolicyDto {
  @IsInt() maxRetries!: number;
  @IsInt() retryDelayMinutes!: number;
}

export class MoneyDto {
  @IsString() amount!: string;
  @IsString() currency!: string;
}

/** Fields shared by create and PATCH; every one optional here. */
class CampaignFieldsDto {
  @IsOptionalNotNull() @IsString() name?: string;
  @IsOptionalNotNull() @IsString() description?: string;
  @IsOptionalNotNull() @IsString() type?: string;
  @IsOptionalNotNull() @IsString() objective?: string;
  @IsOptionalNotNull() @IsString() channel?: string;
  @IsOptional() @IsJsonObject() @ValidateNested() @Type(() => ScheduleDto) schedule?: ScheduleDto | null;
  @IsOptional() @IsJsonObject() @ValidateNested() @Type(() => CallingWindowDto) callingWindow?: CallingWindowDto | null;
  @IsOptionalNotNull() @IsJsonObject() @ValidateNested() @Type(() => RetryPolicyDto) retryPolicy?: RetryPolicyDto;
  @IsOptional() @IsJsonObject() @ValidateNested() @Type(() => MoneyDto) budget?: MoneyDto | null;
  @IsOptional() @IsInt() maxPerDay?: number | null;
  @IsOptionalNotNull() @IsInt() priority?: number;
  @IsOptional() @IsString() scriptTemplate?: string | null;
  @IsOptional() @IsArray() @IsString({ each: true }) senderIds?: string[] | null;
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
  @Required() @IsString() declare type: string;
  @Required() @IsString() declare objective: string;
  @Required() @IsString() declare channel: string;
}

export class UpdateCampaignDto extends CampaignFieldsDto {}

export class ScheduleCampaignDto {
  @IsInstant() startAt!: string;
  @IsOptional() @IsInstant() endAt?: string | null;
}

export class ReasonDto {
  @IsOptional() @IsString() reason?: string;
}

/** A metric is an absolute value or `{"increment": value}`. */
function IsMetric(kind: 'integer' | 'number' | 'decimal', options?: ValidationOptions) {
  const ok = (v: unknown) =>
    kind === 'decimal' ? typeof v === 'string'
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
