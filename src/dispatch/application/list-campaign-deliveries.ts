import { inject, injectable } from 'inversify';
import { Query, QueryBus, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { GetCampaign } from '../../campaigns/index.js';
import type { DeliveryStatus } from '../domain/delivery-status.js';
import { DELIVERY_READ_MODEL, type DeliveryReadModel, type DeliveryView } from './delivery-read-model.js';

export interface DeliveryPage {
  items: DeliveryView[];
  /** The last delivery served, when there may be more. */
  next: { leadId: string } | null;
}

export class ListCampaignDeliveries extends Query<DeliveryPage> {
  constructor(
    context: ExecutionContext,
    readonly campaignId: string,
    readonly status: DeliveryStatus | undefined,
    readonly limit: number,
    readonly afterLeadId?: string,
  ) {
    super(context);
  }
}

@injectable()
export class ListCampaignDeliveriesHandler implements Handler<ListCampaignDeliveries, DeliveryPage> {
  constructor(
    @inject(DELIVERY_READ_MODEL) private readonly deliveries: DeliveryReadModel,
    @inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  async execute({ context, campaignId, status, limit, afterLeadId }: ListCampaignDeliveries): Promise<DeliveryPage> {
    // The campaign's own query answers 404 for an unknown id or another brand's; its deliveries are all of its brand.
    await this.queries.execute(new GetCampaign(context, campaignId));
    const rows = await this.deliveries.listOfCampaign(campaignId, status, limit + 1, afterLeadId);
    const page = rows.slice(0, limit);
    return { items: page, next: rows.length > limit ? { leadId: page[page.length - 1]!.leadId } : null };
  }
}
