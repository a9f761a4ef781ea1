import { UpcasterRegistry } from '../../seedwork/infrastructure/messaging/upcasting.js';
import { campaignEventUpcasters } from '../campaigns/index.js';

/** Every module's upcasters: how the history, the consumers and replays read older events. */
export const eventUpcasters = new UpcasterRegistry([...campaignEventUpcasters]);
