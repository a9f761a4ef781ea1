import { inject, injectable } from 'inversify';
import { Command, type Handler } from '../../../seedwork/application/index.js';
import type { TranscriptLineInput } from '../domain/transcript.js';
import { VoiceCallWriter, type VoiceCallTarget } from './voice-call-writer.js';
import type { VoiceCallView } from './voice-call-view.js';

export class AttachCallTranscript extends Command<VoiceCallView> implements VoiceCallTarget {
  constructor(
    context: VoiceCallTarget['context'],
    readonly id: string,
    readonly transcript: readonly TranscriptLineInput[],
    readonly expectedVersion?: number,
  ) {
    super(context);
  }
}

@injectable()
export class AttachCallTranscriptHandler implements Handler<AttachCallTranscript, VoiceCallView> {
  constructor(@inject(VoiceCallWriter) private readonly writer: VoiceCallWriter) {}

  async execute(command: AttachCallTranscript): Promise<VoiceCallView> {
    return (await this.writer.modify(command, (call, now) => call.attachTranscript(command.transcript, now))).view;
  }
}
