import { InvalidTransitionError } from '../../../seedwork/domain/index.js';
import {
  attemptAfter,
  AUDIENCE_MEMBER_STATUSES,
  DELIVERY_ACTIONS,
  DELIVERY_STATUSES,
  DELIVERY_TRANSITIONS,
  FINAL_DELIVERY_STATUSES,
  memberStatusAfter,
  nextDeliveryStatus,
  type AudienceMemberStatus,
  type DeliveryAction,
  type DeliveryStatus,
} from '../../../src/dispatch/domain/delivery-status.js';

/**
 * The delivery lifecycle as issue 5 and API.md describe it, written here independently of the
 * production table: for each action, the status after it from every status it is allowed in
 * (a status missing from `from` must be refused), whether it starts a new attempt, and the
 * member's status afterwards for a member not yet tried and one tried before.
 */
const SPEC: Record<
  DeliveryAction,
  { from: Partial<Record<DeliveryStatus, DeliveryStatus>>; newAttempt: boolean; member: [untried: AudienceMemberStatus, tried: AudienceMemberStatus] }
> = {
  claim: { from: { queued: 'sending' }, newAttempt: false, member: ['in_progress', 'in_progress'] },
  defer: { from: { queued: 'queued' }, newAttempt: false, member: ['pending', 'in_progress'] },
  succeed: { from: { sending: 'succeeded' }, newAttempt: false, member: ['succeeded', 'succeeded'] },
  failRetryable: { from: { sending: 'queued' }, newAttempt: true, member: ['in_progress', 'in_progress'] },
  failPermanent: { from: { sending: 'failed' }, newAttempt: false, member: ['failed', 'failed'] },
  exhaustRetries: { from: { sending: 'failed' }, newAttempt: false, member: ['failed', 'failed'] },
  // Same attempt, so the same idempotency key: the crashed send may have reached the provider.
  releaseLease: { from: { sending: 'queued' }, newAttempt: false, member: ['in_progress', 'in_progress'] },
  exclude: { from: { queued: 'cancelled', sending: 'cancelled' }, newAttempt: false, member: ['excluded', 'excluded'] },
  // In-flight sends finish and are recorded: cancel and expire touch queued deliveries only.
  cancel: { from: { queued: 'cancelled' }, newAttempt: false, member: ['pending', 'failed'] },
  expire: { from: { queued: 'expired' }, newAttempt: false, member: ['pending', 'failed'] },
};

const pairs = DELIVERY_STATUSES.flatMap((status) => DELIVERY_ACTIONS.map((action) => ({ status, action, next: SPEC[action].from[status] })));
const allowed = pairs.flatMap(({ status, action, next }) => (next ? [{ status, action, next }] : []));
const refused = pairs.filter(({ next }) => next === undefined);

describe('Delivery lifecycle, every (status × action) pair', () => {
  it('covers all pairs, and the table has every action', () => {
    expect(pairs).toHaveLength(DELIVERY_STATUSES.length * DELIVERY_ACTIONS.length);
    expect(allowed.length + refused.length).toBe(pairs.length);
    expect(Object.keys(DELIVERY_TRANSITIONS).sort()).toEqual([...DELIVERY_ACTIONS].sort());
  });

  describe.each(allowed)('given a delivery $status, when $action', ({ status, action, next }) => {
    it(`then it is ${next}`, () => {
      expect(nextDeliveryStatus(status, action)).toBe(next);
    });
  });

  describe.each(refused)('given a delivery $status, when $action', ({ status, action }) => {
    it('then InvalidTransitionError (409) names the status and the action', () => {
      let thrown: unknown;
      try {
        nextDeliveryStatus(status, action);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidTransitionError);
      expect(thrown).toMatchObject({ resource: 'Delivery', currentStatus: status, action, kind: 'conflict' });
      expect((thrown as Error).message).toContain(`'${status}'`);
    });
  });

  it.each(FINAL_DELIVERY_STATUSES)('%s is final: no action leaves it', (status) => {
    expect(DELIVERY_ACTIONS.filter((action) => SPEC[action].from[status] !== undefined)).toEqual([]);
  });

  it('names as final exactly the statuses no action leaves', () => {
    const final = DELIVERY_STATUSES.filter((status) => DELIVERY_ACTIONS.every((action) => !DELIVERY_TRANSITIONS[action].from.includes(status)));
    expect([...FINAL_DELIVERY_STATUSES].sort()).toEqual([...final].sort());
  });
});

describe('Delivery attempts', () => {
  it.each(DELIVERY_ACTIONS.flatMap((action) => [1, 2, 4].map((attempt) => ({ action, attempt }))))(
    'after $action on attempt $attempt',
    ({ action, attempt }) => {
      expect(attemptAfter(action, attempt)).toBe(SPEC[action].newAttempt ? attempt + 1 : attempt);
    },
  );
});

describe('Audience member status after each delivery action', () => {
  const cases = DELIVERY_ACTIONS.flatMap((action) => [false, true].map((tried) => ({ action, tried })));

  it('covers every (action × tried) case with a known member status', () => {
    expect(cases).toHaveLength(DELIVERY_ACTIONS.length * 2);
    for (const { action, tried } of cases) expect(AUDIENCE_MEMBER_STATUSES).toContain(memberStatusAfter(action, tried));
  });

  it.each(cases)('given a member tried before: $tried, when $action', ({ action, tried }) => {
    expect(memberStatusAfter(action, tried)).toBe(SPEC[action].member[tried ? 1 : 0]);
  });

  it('matches the campaign_audience statuses of API.md', () => {
    expect(AUDIENCE_MEMBER_STATUSES).toEqual(['pending', 'in_progress', 'succeeded', 'failed', 'excluded']);
  });
});
