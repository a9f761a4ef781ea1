import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../../seedwork/domain/index.js';
import { brandScopeOf, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { CAMPAIGN_READ_MODEL, type CampaignReadModel } from './campaign-read-model.js';
import { CAMPAIGN_AUDIENCE, type AudienceCursor, type AudienceMemberStatus, type CampaignAudience } from './campaign-audience.js';

/** An audience member as the API represents it (JSON-ready). */
export interface AudienceMemberView {
  leadId: string;
  status: AudienceMemberStatus;
  attempts: number;
  lastAttemptAt: string | null;
  priority: number;
  addedAt: string;
}

export interface AudiencePage {
  items: AudienceMemberView[];
  next: AudienceCursor | null;
}

export class ListCampaignAudience extends Query<AudiencePage> {
  constructor(
    context: ExecutionContext,
    readonly id: string,
    readonly status: AudienceMemberStatus | undefined,
    readonly limit: number,
    readonly after?: AudienceCursor,
  ) {
    super(context);
  }
}

@injectable()
export class ListCampaignAudienceHandler implements Handler<ListCampaignAudience, AudiencePage> {
  constructor(
    @inject(CAMPAIGN_READ_MODEL) private readonly campaigns: CampaignReadModel,
    @inject(CAMPAIGN_AUDIENCE) private readonly audience: CampaignAudience,
  ) {}

  async execute({ context, id, status, limit, after }: ListCampaignAudience): Promise<AudiencePage> {
    const campaign = await this.campaigns.findById(id, brandScopeOf(context.actor));
    if (!campaign) throw new NotFoundError('Campaign', id);
    const rows = await this.audience.list({ campaignId: id, brandId: campaign.brandId, status }, limit + 1, after);
    const page = rows.slice(0, limit);
    return {
      items: page.map((m) => ({
        leadId: m.leadId,
        status: m.status,
        attempts: m.attempts,
        lastAttemptAt: m.lastAttemptAt?.toISOString() ?? null,
        priority: m.priority,
        addedAt: m.addedAt.toISOString(),
      })),
      next: rows.length > limit ? { leadId: page[page.length - 1]!.leadId } : null,
    };
  }
}
