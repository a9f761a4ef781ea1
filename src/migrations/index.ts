import { EventLog1763890000000 } from './1763890000000-event-log.js';
import { Campaigns1763890001000 } from './1763890001000-campaigns.js';
import { OutboxRelay1763890002000 } from './1763890002000-outbox-relay.js';
import { Audience1763890003000 } from './1763890003000-audience.js';
import { Reporting1763890004000 } from './1763890004000-reporting.js';
import { DispatchSenders1763890005000 } from './1763890005000-dispatch-senders.js';
import { Deliveries1763890006000 } from './1763890006000-deliveries.js';
import { DispatchLimits1763890007000 } from './1763890007000-dispatch-limits.js';
import { VoiceCalls1763890008000 } from './1763890008000-voice-calls.js';
import { DispatchHotPath1763890009000 } from './1763890009000-dispatch-hot-path.js';

/** Every migration in order; passed as classes because ESM builds cannot glob-load them reliably. */
export const migrations = [
  EventLog1763890000000, Campaigns1763890001000, OutboxRelay1763890002000, Audience1763890003000, Reporting1763890004000,
  DispatchSenders1763890005000, Deliveries1763890006000, DispatchLimits1763890007000, VoiceCalls1763890008000,
  DispatchHotPath1763890009000,
];
