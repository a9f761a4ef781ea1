import { isUuid, ValidationError } from '../../../../seedwork/domain/index.js';
import type { CallStatus } from '../../../calls/domain/voice-call-state.js';
import type { CallStatusEvent, MessageStatus, MessageStatusEvent } from '../../application/provider-callbacks.js';
import { twilioCallbackErrorKind } from '../gateways/twilio-errors.js';
import type { FormParams } from './twilio-signature.js';

/** Twilio's CallStatus values (https://www.twilio.com/docs/voice/api/call-resource#call-status-values) in VoiceCall terms. */
export const TWILIO_CALL_STATUSES: Readonly<Record<string, CallStatus>> = {
  queued: 'initiated',
  initiated: 'initiated',
  ringing: 'ringing',
  'in-progress': 'answered',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'cancelled',
};

/** Twilio's MessageStatus values of outbound messages, by what they mean for a delivery. */
export const TWILIO_MESSAGE_STATUSES: Readonly<Record<string, MessageStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'cancelled',
};

/** Brand and delivery as the callback URL names them (the gateway put them there; Twilio signed them). */
export interface CallbackTarget {
  readonly brandId: string | null;
  readonly deliveryId: string | null;
}

export function callbackTarget(query: Record<string, unknown>): CallbackTarget {
  const brandId = typeof query.brandId === 'string' && query.brandId !== '' ? query.brandId : null;
  const deliveryId = typeof query.deliveryId === 'string' && isUuid(query.deliveryId) ? query.deliveryId : null;
  return { brandId, deliveryId };
}

/** The field's single value; a field Twilio never repeats is read as its first value if it was. */
function field(params: FormParams, name: string): string | null {
  const value = params[name];
  const text = typeof value === 'string' ? value : value?.[0];
  return text === undefined || text === '' ? null : text;
}

function required(params: FormParams, name: string): string {
  const value = field(params, name);
  if (value === null) throw ValidationError.single(name, 'is required');
  return value;
}

function oneOfStatuses<T>(params: FormParams, name: string, statuses: Readonly<Record<string, T>>): { status: T; providerStatus: string } {
  const providerStatus = required(params, name);
  const status = Object.hasOwn(statuses, providerStatus) ? statuses[providerStatus] : undefined;
  if (status === undefined) throw ValidationError.single(name, `must be one of ${Object.keys(statuses).join(', ')}`);
  return { status, providerStatus };
}

function integer(params: FormParams, name: string): number | null {
  const value = field(params, name);
  return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/** Twilio's `Timestamp` (RFC 2822, e.g. `Mon, 23 Nov 2026 10:00:00 +0000`); null when absent or unreadable. */
function timestamp(params: FormParams): Date | null {
  const value = field(params, 'Timestamp');
  const at = value === null ? NaN : Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

const plain = (params: FormParams): Record<string, unknown> => ({ ...params });

/** A call status callback (StatusCallback of a call); ValidationError when CallSid or CallStatus is missing or unknown. */
export function callStatusEvent(params: FormParams, target: CallbackTarget): CallStatusEvent {
  const callSid = required(params, 'CallSid');
  const { status, providerStatus } = oneOfStatuses(params, 'CallStatus', TWILIO_CALL_STATUSES);
  return {
    provider: 'twilio',
    eventKey: `${callSid}:${providerStatus}`,
    ...target,
    occurredAt: timestamp(params),
    raw: plain(params),
    providerCallId: callSid,
    status,
    providerStatus,
    sequenceNumber: integer(params, 'SequenceNumber'),
    durationSeconds: integer(params, 'CallDuration'),
    recordingUrl: field(params, 'RecordingUrl'),
    errorCode: field(params, 'ErrorCode'),
  };
}

/** A message status callback; older accounts also send the `Sms…` names, read when the new ones are absent. */
export function messageStatusEvent(params: FormParams, target: CallbackTarget): MessageStatusEvent {
  const messageSid = field(params, 'MessageSid') ?? field(params, 'SmsSid') ?? required(params, 'MessageSid');
  const statusField = field(params, 'MessageStatus') === null && field(params, 'SmsStatus') !== null ? 'SmsStatus' : 'MessageStatus';
  const { status, providerStatus } = oneOfStatuses(params, statusField, TWILIO_MESSAGE_STATUSES);
  const errorCode = field(params, 'ErrorCode');
  const failed = status === 'failed' || status === 'undelivered';
  return {
    provider: 'twilio',
    eventKey: `${messageSid}:${providerStatus}`,
    ...target,
    occurredAt: timestamp(params),
    raw: plain(params),
    providerMessageId: messageSid,
    status,
    providerStatus,
    errorCode,
    errorKind: failed ? twilioCallbackErrorKind(errorCode !== null && /^\d+$/.test(errorCode) ? Number(errorCode) : null) : null,
  };
}
