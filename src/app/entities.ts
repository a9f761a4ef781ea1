import { CampaignSchema } from '../campaigns/infrastructure/campaign.schema.js';
import { LeadSchema } from '../audience/infrastructure/lead.schema.js';
import { SegmentSchema } from '../audience/infrastructure/segment.schema.js';
import { SenderSchema } from '../dispatch/infrastructure/sender.schema.js';
import { VoiceCallSchema } from '../calls/infrastructure/voice-call.schema.js';

/**
 * Every TypeORM mapping of the service. Migrations create the tables; registering the mappings
 * lets `typeorm migration:generate` and the schema-drift test compare them with the database.
 */
export const entities = [CampaignSchema, LeadSchema, SegmentSchema, SenderSchema, VoiceCallSchema];
