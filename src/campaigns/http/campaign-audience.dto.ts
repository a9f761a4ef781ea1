import { IsArray, IsInt, IsString, ValidateIf } from 'class-validator';
import { IsJsonObject } from '../../../seedwork/http/index.js';

/** Present means not null. */
const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

/** One source (`leadIds`, `segmentId` or `criteria`) plus an optional priority; which one is given is checked in campaign-audience.requests.ts. */
export class AddAudienceDto {
  @IsOptionalNotNull() @IsArray() leadIds?: unknown[];
  @IsOptionalNotNull() @IsString() segmentId?: string;
  // The criteria language is the audience module's: it validates the tree and names bad nodes.
  @IsOptionalNotNull() @IsJsonObject() criteria?: Record<string, unknown>;
  @IsOptionalNotNull() @IsInt() priority?: number;
}
