import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IsJsonObject } from '../../../seedwork/http/index.js';

// DTOs check only the JSON shape; the rules about values are the domain's (transcript.ts,
// call-summary.ts), which name every bad field at once.

/** The lines are checked in voice-call.requests.ts, so their errors are named `transcript[3].text` like the domain's. */
export class AttachTranscriptDto {
  @IsArray() transcript!: unknown[];
}

export class CallOutcomeDto {
  @IsOptional() @IsString() stageChange?: string | null;
  @IsOptional() @IsInt() scoreDelta?: number | null;
}

export class SummarizeCallDto {
  @IsString() summary!: string;
  @IsOptional() @IsJsonObject() @ValidateNested() @Type(() => CallOutcomeDto) outcome?: CallOutcomeDto | null;
}
