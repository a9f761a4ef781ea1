import type { BrandScope } from '../domain/index.js';

export type Role = 'admin' | 'brand_manager' | 'viewer' | 'system';

/** Who asks: from a verified token, or the service itself (scheduler, workers). */
export interface Actor {
  readonly sub: string;
  readonly role: Role;
  /** Brands the actor may act on; ignored for admin and system, which act on all. */
  readonly brands: readonly string[];
}

/** Travels with every command into the event log's metadata. */
export interface ExecutionContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ sub: 'system', role: 'system', brands: [] });

/** The brands an actor may read or write. */
export function brandScopeOf(actor: Actor): BrandScope {
  return actor.role === 'admin' || actor.role === 'system' ? 'all' : actor.brands;
}
