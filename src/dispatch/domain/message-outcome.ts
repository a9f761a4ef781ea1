/**
 * What a delivery's `outcome` says about a message once the provider accepted it: the provider's
 * answer to the send (`accepted`, or `delivered` when it reached the contact at once), then what
 * its status reports add. Reports only move it forward: a message is sent, delivered, read; or
 * it never reaches the contact (`undelivered`, `failed`, `cancelled`), which only a message not
 * yet delivered can do and which nothing follows.
 */
export const MESSAGE_OUTCOMES = ['accepted', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'cancelled'] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/** Where a status report may move each outcome; any other report is a repeat, late or contradictory, and ignored. */
export const MESSAGE_OUTCOME_MOVES: Readonly<Record<MessageOutcome, readonly MessageOutcome[]>> = {
  accepted: ['sent', 'delivered', 'read', 'undelivered', 'failed', 'cancelled'],
  sent: ['delivered', 'read', 'undelivered', 'failed'],
  delivered: ['read'],
  read: [],
  undelivered: [],
  failed: [],
  cancelled: [],
};

const isOutcome = (value: string | null): value is MessageOutcome => (MESSAGE_OUTCOMES as readonly (string | null)[]).includes(value);

/**
 * The outcome after the provider reported `reported` (its status in MessageStatus terms), or null
 * when the report changes nothing. A delivery whose outcome is none of these (null) counts as
 * `accepted`: the provider took it and said nothing more.
 */
export function outcomeAfterReport(current: string | null, reported: string): MessageOutcome | null {
  const from: MessageOutcome = isOutcome(current) ? current : 'accepted';
  return (MESSAGE_OUTCOME_MOVES[from] as readonly string[]).includes(reported) ? (reported as MessageOutcome) : null;
}
