import type { RetryPolicyState } from '../../../src/campaigns/domain/campaign-state.js';
import { RetryPolicy } from '../../../src/campaigns/domain/value-objects/retry-policy.js';
import { badFields } from './campaign.mother.js';

describe('RetryPolicy', () => {
  it('defaults to 3 retries 30 minutes apart', () => {
    expect(RetryPolicy.DEFAULT.toState()).toEqual({ maxRetries: 3, retryDelayMinutes: 30 });
  });

  it.each([
    [0, 1],
    [10, 10080],
    [3, 30],
  ])('accepts %i retries %i minutes apart', (maxRetries, retryDelayMinutes) => {
    expect(RetryPolicy.create({ maxRetries, retryDelayMinutes }, 'retryPolicy').toState()).toEqual({ maxRetries, retryDelayMinutes });
  });

  it.each([
    [{ maxRetries: -1, retryDelayMinutes: 30 }, ['retryPolicy.maxRetries']],
    [{ maxRetries: 11, retryDelayMinutes: 30 }, ['retryPolicy.maxRetries']],
    [{ maxRetries: 1.5, retryDelayMinutes: 30 }, ['retryPolicy.maxRetries']],
    [{ maxRetries: 3, retryDelayMinutes: 0 }, ['retryPolicy.retryDelayMinutes']],
    [{ maxRetries: 3, retryDelayMinutes: 10081 }, ['retryPolicy.retryDelayMinutes']],
    [{ maxRetries: 3, retryDelayMinutes: '30' }, ['retryPolicy.retryDelayMinutes']],
    [{ maxRetries: 3 }, ['retryPolicy.retryDelayMinutes']],
    [{ maxRetries: 20, retryDelayMinutes: -5 }, ['retryPolicy.maxRetries', 'retryPolicy.retryDelayMinutes']],
    [null, ['retryPolicy']],
  ])('rejects %j', (input, fields) => {
    expect(badFields(() => RetryPolicy.create(input as unknown as RetryPolicyState, 'retryPolicy'))).toEqual(fields);
  });
});
