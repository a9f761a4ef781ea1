import { FieldErrorCollector, plainObject, ValueObject, wholeNumber } from '../../../../seedwork/domain/index.js';
import type { RetryPolicyState } from '../campaign-state.js';

/** One week: a longer delay would outlive most campaigns. */
const MAX_RETRY_DELAY_MINUTES = 7 * 24 * 60;
const MAX_RETRIES = 10;

/** How dispatch retries a failed delivery: at most `maxRetries` more attempts, `retryDelayMinutes` apart (before backoff). */
export class RetryPolicy extends ValueObject<RetryPolicyState> {
  static readonly DEFAULT = new RetryPolicy({ maxRetries: 3, retryDelayMinutes: 30 });

  private constructor(props: RetryPolicyState) {
    super(props);
  }

  /** Validates both fields; errors name `<field>.maxRetries` and `<field>.retryDelayMinutes`. */
  static create(input: RetryPolicyState, field: string): RetryPolicy {
    const object = plainObject(input, field);
    const errors = new FieldErrorCollector();
    const maxRetries = errors.check(() => wholeNumber(object['maxRetries'], `${field}.maxRetries`, 0, MAX_RETRIES));
    const retryDelayMinutes = errors.check(() =>
      wholeNumber(object['retryDelayMinutes'], `${field}.retryDelayMinutes`, 1, MAX_RETRY_DELAY_MINUTES),
    );
    errors.throwIfAny();
    return new RetryPolicy({ maxRetries: maxRetries!, retryDelayMinutes: retryDelayMinutes! });
  }

  toState(): RetryPolicyState {
    return { maxRetries: this.props.maxRetries, retryDelayMinutes: this.props.retryDelayMinutes };
  }
}
