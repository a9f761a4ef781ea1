import type { CommandBus, ExecutionContext } from '../../../seedwork/application/index.js';
import type { CallbackProvider, CallbackResult, CallStatusEvent, CallStatusReceiver } from '../../dispatch/index.js';
import { ReportCallStatus } from '../application/report-call-status.js';

/**
 * Providers whose callbacks are verified before they are recorded (webhook.routes.ts checks
 * X-Twilio-Signature), with the domains their recordings live on. A recording URL in any other
 * report (the simulated provider's, in process) is not taken: only a signed one may point users
 * and reporting at a URL.
 */
const SIGNED_RECORDING_DOMAINS: Partial<Record<CallbackProvider, readonly string[]>> = { twilio: ['twilio.com'] };

/** Dispatch's CallStatusReceiver: a recorded call status report becomes the calls module's ReportCallStatus. */
export class VoiceCallStatusReceiver implements CallStatusReceiver {
  constructor(private readonly commands: CommandBus) {}

  receive(event: CallStatusEvent, context: ExecutionContext): Promise<CallbackResult> {
    const allowedDomains = SIGNED_RECORDING_DOMAINS[event.provider];
    return this.commands.execute(new ReportCallStatus(context, {
      providerCallId: event.providerCallId,
      brandId: event.brandId,
      deliveryId: event.deliveryId,
      status: event.status,
      durationSeconds: event.durationSeconds,
      reason: event.errorCode,
      recording: event.recordingUrl !== null && allowedDomains ? { url: event.recordingUrl, allowedDomains } : null,
    }));
  }
}
