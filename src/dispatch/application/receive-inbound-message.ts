import { ChangeLeadConsent } from '../../audience/index.js';
import { SYSTEM_ACTOR, type CommandBus, type ExecutionContext, type UnitOfWork } from '../../../seedwork/application/index.js';
import type { InboundContacts } from './inbound-contacts.js';
import type { InboundMessageEvent, ProviderCallbackSink } from './provider-callbacks.js';

/**
 * An inbound message, verified: handed to the callback sink, and when it is a STOP-type keyword,
 * the leads behind it are opted out of that channel through the lead's own command. Both happen
 * in one transaction, so a failure answers the provider with an error and its retry finds
 * nothing half done; a repeated STOP changes nothing (opting out is idempotent).
 */
export class InboundMessageReceiver {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sink: ProviderCallbackSink,
    private readonly contacts: InboundContacts,
    private readonly commands: CommandBus,
  ) {}

  receive(event: InboundMessageEvent, correlationId: string): Promise<void> {
    const context: ExecutionContext = { actor: SYSTEM_ACTOR, correlationId };
    return this.uow.run(context, async () => {
      await this.sink.inboundMessage(event);
      if (event.optOutKeyword === null || event.brandId === null) return;
      const leadIds = await this.contacts.leadsAt(event.brandId, event.channel, { from: event.from, phone: event.fromPhone });
      const reason = `Inbound "${event.optOutKeyword}" on ${event.channel}`;
      for (const id of leadIds) {
        await this.commands.execute(new ChangeLeadConsent(context, id, { action: 'optOut', channels: [event.channel], reason }));
      }
    });
  }
}
