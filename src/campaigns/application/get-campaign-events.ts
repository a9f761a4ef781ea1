import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { EVENT_HISTORY, type EventHistory, type HistoryEvent } from '../../../seedwork/application/event-history.js';

export interface CampaignEventsPage {
  items: HistoryEvent[];
  /** Version to resume after, or null on the last page. */
  nextVersion: number | null;
}

/** A campaign's own events, oldest first: its audit trail. Still readable after the campaign is deleted. */
export class GetCampaignEvents extends Query<CampaignEventsPage> {
  constructor(context: ExecutionContext, readonly id: string, readonly limit: number, readonly afterVersion: number) {
    super(context);
  }
}

@injectable()
export class GetCampaignEventsHandler implements Handler<GetCampaignEvents, CampaignEventsPage> {
  constructor(@inject(EVENT_HISTORY) private readonly history: EventHistory) {}

  async execute({ context, id, limit, afterVersion }: GetCampaignEvents): Promise<CampaignEventsPage> {
    const events = await this.history.ofAggregate('Campaign', id, brandScopeOf(context.actor), afterVersion, limit + 1);
    if (events.length === 0 && afterVersion === 0) throw new NotFoundError('Campaign', id);
    const page = events.slice(0, limit);
    return { items: page, nextVersion: events.length > limit ? page[page.length - 1]!.aggregateVersion : null };
  }
}
