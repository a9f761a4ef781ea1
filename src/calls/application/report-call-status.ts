import { inject, injectable } from 'inversify';
import { InvalidTransitionError, ValidationError, type Clock } from '../../../seedwork/domain/index.js';
import { CLOCK, Command, UNIT_OF_WORK, type ExecutionContext, type Handler, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { VoiceCall } from '../domain/voice-call.js';
import { VOICE_CALL_REPOSITORY, type VoiceCallRepository } from '../domain/voice-call-repository.js';
import type { CallStatus } from '../domain/voice-call-state.js';

/** A provider's status report of a call, as the provider callback carried it. */
export interface CallStatusReportInput {
  readonly providerCallId: string;
  /** The brand and delivery the callback names (signed in its URL), when it names them: a call of another is not this report's. */
  readonly brandId: string | null;
  readonly deliveryId: string | null;
  readonly status: CallStatus;
  readonly durationSeconds: number | null;
  readonly reason: string | null;
  /** Only from a callback whose origin was verified, with the domains that provider's recordings live on. */
  readonly recording: { readonly url: string; readonly allowedDomains: readonly string[] } | null;
}

/** `applied`: the call changed; `ignored`: a repeat, late or contradictory report; `unmatched`: no such call (yet). */
export type CallReportResult = 'applied' | 'ignored' | 'unmatched';

export class ReportCallStatus extends Command<CallReportResult> {
  constructor(context: ExecutionContext, readonly report: CallStatusReportInput) {
    super(context);
  }
}

/**
 * A recording the call cannot take is left out, never a reason to drop the status: its URL is not
 * https on the provider's domain (recording-url.ts), or the call never connected.
 */
function attachRecordingIfValid(call: VoiceCall, recording: NonNullable<CallStatusReportInput['recording']>, now: Date): void {
  try {
    call.attachRecording(recording.url, recording.allowedDomains, now);
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof InvalidTransitionError)) throw error;
  }
}

@injectable()
export class ReportCallStatusHandler implements Handler<ReportCallStatus, CallReportResult> {
  constructor(
    @inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @inject(VOICE_CALL_REPOSITORY) private readonly repository: VoiceCallRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Moves the call forward only (VoiceCall.reportStatus): a repeat or a report out of order changes nothing. */
  execute({ context, report }: ReportCallStatus): Promise<CallReportResult> {
    return this.uow.run(context, async () => {
      const call = await this.repository.findByProviderCallIdForUpdate(report.providerCallId, report.brandId === null ? 'all' : [report.brandId]);
      if (!call || (report.deliveryId !== null && call.state.deliveryId !== report.deliveryId)) return 'unmatched';
      const now = this.clock.now();
      call.reportStatus({ status: report.status, durationSeconds: report.durationSeconds, reason: report.reason }, now);
      if (report.recording) attachRecordingIfValid(call, report.recording, now);
      if (!call.hasChanges) return 'ignored';
      await this.repository.save(call);
      return 'applied';
    });
  }
}
