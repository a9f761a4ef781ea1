/** One invalid input field, named by its path in the request (`callingWindow.start`). */
export interface FieldError {
  field: string;
  message: string;
}

/** Base of every error the domain or application raises on purpose; mapped to HTTP in one place (seedwork/http). */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'not_found' | 'conflict' | 'precondition' | 'forbidden' | 'concurrency';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input breaks a rule; carries one entry per bad field. */
export class ValidationError extends DomainError {
  readonly kind = 'validation';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
  static single(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** The resource does not exist, or is invisible to the caller (another brand's). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} ${id} was not found`);
  }
}

/** The action is not allowed in the aggregate's current state. */
export class InvalidTransitionError extends DomainError {
  readonly kind = 'conflict';
  constructor(readonly resource: string, readonly currentStatus: string, readonly action: string, detail?: string) {
    super(detail ?? `Cannot ${action} a ${resource.toLowerCase()} whose status is '${currentStatus}'`);
  }
}

/** A business rule other than the lifecycle forbids the action (e.g. an empty audience). */
export class BusinessRuleError extends DomainError {
  readonly kind = 'conflict';
}

/** The caller's expected version (If-Match) is not the current one. */
export class PreconditionFailedError extends DomainError {
  readonly kind = 'precondition';
  constructor(readonly expectedVersion: number, readonly currentVersion: number) {
    super(`Expected version ${expectedVersion} but the current version is ${currentVersion}`);
  }
}

/** Another writer changed the aggregate between load and save; the unit of work retries. */
export class ConcurrencyError extends DomainError {
  readonly kind = 'concurrency';
  constructor(readonly aggregateType: string, readonly aggregateId: string) {
    super(`${aggregateType} ${aggregateId} was modified concurrently`);
  }
}

/** The caller's role may not perform the action. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}
