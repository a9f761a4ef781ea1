import type { Container, Newable } from 'inversify';

/** A use case: one command or query type, one handler. */
export interface Handler<M, R> {
  execute(message: M): Promise<R>;
}

/**
 * Routes a command or query object to the handler registered for its class; handlers are
 * resolved from the Inversify container so they get their dependencies injected.
 */
abstract class MessageBus<Base extends object> {
  readonly #handlers = new Map<Function, Newable<Handler<Base, unknown>>>();

  constructor(private readonly container: Container) {}

  /** Registers the handler class of a message class (and binds it as a singleton). */
  register<M extends Base, R>(message: Newable<M>, handler: Newable<Handler<M, R>>): void {
    if (this.#handlers.has(message)) throw new Error(`${message.name} already has a handler`);
    if (!this.container.isBound(handler)) this.container.bind(handler).toSelf().inSingletonScope();
    this.#handlers.set(message, handler as Newable<Handler<Base, unknown>>);
  }

  /** Runs the message's handler and returns its result. */
  execute<R>(message: Base & { readonly __result?: R }): Promise<R> {
    const handler = this.#handlers.get(message.constructor);
    if (!handler) throw new Error(`No handler registered for ${message.constructor.name}`);
    return this.container.get(handler).execute(message) as Promise<R>;
  }
}

/** Marker base of commands: carries who asks and the correlation id; `R` is the result type. */
export abstract class Command<R = void> {
  declare readonly __result?: R;
  constructor(readonly context: import('./execution-context.js').ExecutionContext) {}
}

/** Marker base of queries; `R` is the result type. */
export abstract class Query<R> {
  declare readonly __result?: R;
  constructor(readonly context: import('./execution-context.js').ExecutionContext) {}
}

export class CommandBus extends MessageBus<Command<unknown>> {}
export class QueryBus extends MessageBus<Query<unknown>> {}
