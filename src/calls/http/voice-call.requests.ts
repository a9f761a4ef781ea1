import { FieldErrorCollector } from '../../../seedwork/domain/index.js';
import { parseBody, parseBodyReportingAll } from '../../../seedwork/http/index.js';
import { callSummaryOf, type CallSummaryInput } from '../domain/call-summary.js';
import { transcriptOf, type TranscriptLineInput } from '../domain/transcript.js';
import { AttachTranscriptDto, SummarizeCallDto } from './voice-call.dto.js';

const LINE_FIELDS = new Set(['speaker', 'text', 'offsetSeconds', 'confidence']);

/** The validated lines of `POST /calls/{id}/transcript`: unknown fields of a line are refused like any other. */
export function transcriptRequest(body: unknown): TranscriptLineInput[] {
  const { transcript } = parseBody(AttachTranscriptDto, body);
  const errors = new FieldErrorCollector();
  transcript.forEach((line, i) => {
    if (typeof line !== 'object' || line === null) return; // the domain names it
    for (const field of Object.keys(line)) if (!LINE_FIELDS.has(field)) errors.add(`transcript[${i}].${field}`, 'is not an allowed field');
  });
  errors.check(() => transcriptOf(transcript as TranscriptLineInput[]));
  errors.throwIfAny();
  return transcript as TranscriptLineInput[];
}

/** The body of `POST /calls/{id}/summary`; a wrong shape is reported with the values' errors (call-summary.ts) in one answer. */
export function summaryRequest(body: unknown): CallSummaryInput {
  const dto = parseBodyReportingAll(SummarizeCallDto, body, (rest) => callSummaryOf(rest as unknown as CallSummaryInput));
  return { summary: dto.summary, ...(dto.outcome && { outcome: dto.outcome }) };
}
