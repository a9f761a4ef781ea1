/** A fact recorded by an aggregate, before it is stored; the event store adds position and metadata. */
export interface DomainEvent<TData = Record<string, unknown>> {
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly brandId: string;
  readonly occurredAt: Date;
  readonly data: TData;
}
