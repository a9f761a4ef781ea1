import { IsNumber, IsOptional, IsString, ValidateIf } from 'class-validator';

// DTOs check only the JSON shape; every rule about values (channels, provider pairs, address
// formats, ranges) is the domain's, which reports all bad fields of a body at once.

/** Present means not null; absent is fine (for non-nullable optional fields of PATCH). */
const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

export class CreateSenderDto {
  @IsString() brandId!: string;
  @IsString() channel!: string;
  @IsString() provider!: string;
  @IsString() address!: string;
  @IsNumber() ratePerSecond!: number;
  @IsOptional() @IsNumber() dailyCap?: number | null;
}

/** The channel and brand are the sender's identity: PATCH refuses them as unknown fields. */
export class UpdateSenderDto {
  @IsOptionalNotNull() @IsString() provider?: string;
  @IsOptionalNotNull() @IsString() address?: string;
  @IsOptionalNotNull() @IsNumber() ratePerSecond?: number;
  @IsOptional() @IsNumber() dailyCap?: number | null;
  @IsOptionalNotNull() @IsString() status?: string;
}
