import { IsDefined, IsString, ValidateIf } from 'class-validator';

// DTOs check only the JSON shape; the criteria tree and every value rule are the domain's
// (SegmentCriteria), which names each bad node by its path.

export class CreateSegmentDto {
  @IsString() brandId!: string;
  @IsString() name!: string;
  @IsDefined() criteria!: unknown;
}

export class PreviewSegmentDto {
  @IsString() brandId!: string;
  @IsDefined() criteria!: unknown;
  // Present means not null.
  @ValidateIf((_, value) => value !== undefined) @IsString() channel?: string;
}
