import { MESSAGE_STATUSES } from '../../../src/dispatch/application/provider-callbacks.js';
import { MESSAGE_OUTCOME_MOVES, MESSAGE_OUTCOMES, outcomeAfterReport, type MessageOutcome } from '../../../src/dispatch/domain/message-outcome.js';

/**
 * A sent message's outcome, stated independently of the production table: progress is ranked
 * accepted < sent < delivered < read and a report moves it only up; not reaching the contact
 * (undelivered, failed, cancelled) is possible only before it was delivered, cancelled only
 * before it was even sent, and nothing follows it.
 */
const PROGRESS: Partial<Record<MessageOutcome, number>> = { accepted: 0, sent: 1, delivered: 2, read: 3 };
const FAILURE_BEFORE: Partial<Record<MessageOutcome, number>> = { undelivered: 2, failed: 2, cancelled: 1 };

function moves(current: MessageOutcome, reported: string): boolean {
  const from = PROGRESS[current];
  if (from === undefined) return false;
  const up = PROGRESS[reported as MessageOutcome];
  if (up !== undefined) return up > from;
  const before = FAILURE_BEFORE[reported as MessageOutcome];
  return before !== undefined && from < before;
}

const pairs = MESSAGE_OUTCOMES.flatMap((current) => MESSAGE_STATUSES.map((reported) => ({ current, reported })));

describe('a sent message\'s outcome, every (outcome × reported status) pair', () => {
  it('has a row for every outcome, and every move leads to an outcome', () => {
    expect(Object.keys(MESSAGE_OUTCOME_MOVES).sort()).toEqual([...MESSAGE_OUTCOMES].sort());
    for (const to of Object.values(MESSAGE_OUTCOME_MOVES).flat()) expect(MESSAGE_OUTCOMES).toContain(to);
  });

  it.each(pairs.filter(({ current, reported }) => moves(current, reported)))('given $current, a report of $reported moves it to $reported', ({ current, reported }) => {
    expect(outcomeAfterReport(current, reported)).toBe(reported);
  });

  it.each(pairs.filter(({ current, reported }) => !moves(current, reported)))('given $current, a report of $reported changes nothing', ({ current, reported }) => {
    expect(outcomeAfterReport(current, reported)).toBeNull();
  });

  it('reads an outcome it does not know (none recorded) as accepted', () => {
    expect(outcomeAfterReport(null, 'delivered')).toBe('delivered');
    expect(outcomeAfterReport('something else', 'cancelled')).toBe('cancelled');
    expect(outcomeAfterReport(null, 'queued')).toBeNull();
  });
});
