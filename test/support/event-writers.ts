import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../seedwork/application/index.js';
import { newId, type DomainEvent } from '../../seedwork/domain/index.js';
import { Database } from '../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import { EventStore } from '../../seedwork/infrastructure/event-store/event-store.js';

export interface WriterOptions {
  /** Events each writer commits. */
  events: number;
  /** Upper bound of each of the two random pauses inside a transaction (before and after the append). */
  maxDelayMs: number;
  /** Share of transactions that append and then roll back (their events must never be published). */
  rollbackRate?: number;
  /** Aggregate types each writer appends to (one aggregate per type per writer). */
  aggregateTypes?: string[];
}

export interface WriteResult {
  committed: Set<string>;
  rolledBack: Set<string>;
}

class Rollback extends Error {}

/**
 * Concurrent writers appending through the real unit of work and event store. Each transaction
 * first takes its transaction id, pauses, appends 1–5 events, pauses, and commits (or rolls
 * back): so transaction ids, positions and commit order all disagree, which is what a relay must
 * survive without skipping or reordering anything.
 */
export async function runWriters(dataSource: DataSource, writers: number, options: WriterOptions): Promise<WriteResult> {
  const db = new Database(dataSource);
  const store = new EventStore(db);
  const uow = new TypeOrmUnitOfWork(dataSource);
  const result: WriteResult = { committed: new Set(), rolledBack: new Set() };
  const pause = async (): Promise<void> => {
    const ms = Math.floor(Math.random() * options.maxDelayMs);
    if (ms > 0) await db.query(`SELECT pg_sleep($1)`, [ms / 1000]);
  };

  async function writer(index: number): Promise<void> {
    const aggregates = (options.aggregateTypes ?? ['Campaign', 'Lead']).map((type) => ({ type, id: newId(), version: 0 }));
    let written = 0;
    while (written < options.events) {
      const aggregate = aggregates[Math.floor(Math.random() * aggregates.length)]!;
      const count = Math.min(1 + Math.floor(Math.random() * 5), options.events - written);
      const events: DomainEvent[] = Array.from({ length: count }, (_, i) => ({
        eventId: newId(), eventType: `${aggregate.type}Touched`, schemaVersion: 1, aggregateType: aggregate.type,
        aggregateId: aggregate.id, aggregateVersion: aggregate.version + i + 1, brandId: `brand-${index % 3}`,
        occurredAt: new Date(), data: { writer: index, n: written + i },
      }));
      const rollback = Math.random() < (options.rollbackRate ?? 0);
      try {
        await uow.run({ actor: SYSTEM_ACTOR, correlationId: `writer-${index}` }, async () => {
          await db.query(`SELECT pg_current_xact_id()`);
          await pause();
          await store.append(events);
          await pause();
          if (rollback) throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        for (const event of events) result.rolledBack.add(event.eventId);
        continue;
      }
      for (const event of events) result.committed.add(event.eventId);
      aggregate.version += count;
      written += count;
    }
  }

  await Promise.all(Array.from({ length: writers }, (_, index) => writer(index)));
  return result;
}
