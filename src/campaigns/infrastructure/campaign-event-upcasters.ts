import type { Upcaster } from '../../../seedwork/infrastructure/messaging/upcasting.js';
import { CampaignEventType } from '../domain/campaign-events.js';

/** CampaignScheduled v1 → v2: `{startAt, endAt, previousStatus}` → `{schedule: {startAt, endAt}, previousStatus}`. */
const scheduleNested: Upcaster = {
  eventType: CampaignEventType.Scheduled,
  fromVersion: 1,
  upcast: ({ startAt, endAt, ...rest }) => ({ ...rest, schedule: { startAt, endAt: endAt ?? null } }),
};

/** How older campaign events read today; every reader of the log or the topic applies them. */
export const campaignEventUpcasters: readonly Upcaster[] = [scheduleNested];
