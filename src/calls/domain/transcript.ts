import { ValidationError, type FieldError } from '../../../seedwork/domain/index.js';
import { TRANSCRIPT_SPEAKERS, type TranscriptLine, type TranscriptSpeaker } from './voice-call-state.js';

/** A line as the voice agent sends it; confidence may be left out. */
export interface TranscriptLineInput {
  readonly speaker: string;
  readonly text: string;
  readonly offsetSeconds: number;
  readonly confidence?: number | null;
}

/** Two hours of a line every second: far beyond any campaign call. */
export const MAX_TRANSCRIPT_LINES = 7200;
export const MAX_LINE_CHARACTERS = 5000;

function lineOf(raw: TranscriptLineInput, field: string, previousOffset: number, errors: FieldError[]): TranscriptLine | null {
  const before = errors.length;
  if (typeof raw !== 'object' || raw === null) {
    errors.push({ field, message: 'must be an object' });
    return null;
  }
  const { speaker, text, offsetSeconds } = raw;
  const confidence = raw.confidence ?? null;
  if (!(TRANSCRIPT_SPEAKERS as readonly unknown[]).includes(speaker)) errors.push({ field: `${field}.speaker`, message: `must be one of ${TRANSCRIPT_SPEAKERS.join(', ')}` });
  if (typeof text !== 'string' || text.trim() === '' || [...text].length > MAX_LINE_CHARACTERS) {
    errors.push({ field: `${field}.text`, message: `must be non-blank text of at most ${MAX_LINE_CHARACTERS} characters` });
  }
  if (typeof offsetSeconds !== 'number' || !Number.isFinite(offsetSeconds) || offsetSeconds < 0) {
    errors.push({ field: `${field}.offsetSeconds`, message: 'must be a number of seconds, at least 0' });
  } else if (offsetSeconds < previousOffset) {
    errors.push({ field: `${field}.offsetSeconds`, message: 'must not be before the previous line: lines are in the order they were said' });
  }
  if (confidence !== null && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) {
    errors.push({ field: `${field}.confidence`, message: 'must be a number between 0 and 1, or null' });
  }
  return errors.length === before ? { speaker: speaker as TranscriptSpeaker, text, offsetSeconds, confidence } : null;
}

/** Validates a whole transcript, naming every bad field (`transcript[3].offsetSeconds`) in one ValidationError. */
export function transcriptOf(raw: readonly TranscriptLineInput[]): TranscriptLine[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_TRANSCRIPT_LINES) {
    throw ValidationError.single('transcript', `must be a list of 1 to ${MAX_TRANSCRIPT_LINES} lines`);
  }
  const errors: FieldError[] = [];
  const lines: TranscriptLine[] = [];
  let previousOffset = 0;
  raw.forEach((input, index) => {
    const line = lineOf(input, `transcript[${index}]`, previousOffset, errors);
    if (line) lines.push(line);
    // Order is checked against the previous usable offset, even on a line wrong in other ways.
    const offset = input?.offsetSeconds;
    if (typeof offset === 'number' && Number.isFinite(offset) && offset >= previousOffset) previousOffset = offset;
  });
  if (errors.length > 0) throw new ValidationError(errors);
  return lines;
}
