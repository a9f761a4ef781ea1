import { UpcasterRegistry, UpcastingEventHistory } from '../../../seedwork/infrastructure/messaging/upcasting.js';
import type { EventHistory, HistoryEvent } from '../../../seedwork/application/event-history.js';
import { campaignEventUpcasters } from '../../../src/campaigns/index.js';

describe('UpcasterRegistry', () => {
  const renamed = new UpcasterRegistry([
    { eventType: 'Thing', fromVersion: 1, upcast: ({ n, ...rest }) => ({ ...rest, count: n }) },
    { eventType: 'Thing', fromVersion: 2, upcast: (data) => ({ ...data, unit: 'pcs' }) },
  ]);

  it('chains every step from the stored version to the latest', () => {
    expect(renamed.upcast({ eventType: 'Thing', schemaVersion: 1, data: { n: 3 }, eventId: 'e1' }))
      .toEqual({ eventType: 'Thing', schemaVersion: 3, data: { count: 3, unit: 'pcs' }, eventId: 'e1' });
    expect(renamed.upcast({ eventType: 'Thing', schemaVersion: 2, data: { count: 4 } })).toEqual({ eventType: 'Thing', schemaVersion: 3, data: { count: 4, unit: 'pcs' } });
  });

  it('returns current events and other types untouched (the same object)', () => {
    const current = { eventType: 'Thing', schemaVersion: 3, data: { count: 1, unit: 'pcs' } };
    const other = { eventType: 'Other', schemaVersion: 1, data: { n: 1 } };
    expect(renamed.upcast(current)).toBe(current);
    expect(renamed.upcast(other)).toBe(other);
  });

  it('refuses two upcasters for one type and version', () => {
    const step = { eventType: 'Thing', fromVersion: 1, upcast: (data: Readonly<Record<string, unknown>>) => ({ ...data }) };
    expect(() => new UpcasterRegistry([step, step])).toThrow(/two upcasters for Thing schemaVersion 1/);
  });

  it('serves an audit trail upcast', async () => {
    const stored: HistoryEvent = {
      eventId: 'e1', eventType: 'Thing', schemaVersion: 1, aggregateVersion: 1, occurredAt: '2026-11-23T10:00:00.000Z',
      correlationId: 'c', causationId: null, actor: { sub: 's', role: 'system' }, data: { n: 2 },
    };
    const history: EventHistory = { ofAggregate: async () => [stored] };
    const [served] = await new UpcastingEventHistory(history, renamed).ofAggregate('X', 'id', 'all', 0, 10);
    expect(served).toEqual({ ...stored, schemaVersion: 3, data: { count: 2, unit: 'pcs' } });
  });
});

describe('campaign event upcasters', () => {
  const registry = new UpcasterRegistry(campaignEventUpcasters);

  it('nest CampaignScheduled v1 instants under schedule (v2)', () => {
    const v1 = { eventType: 'CampaignScheduled', schemaVersion: 1, data: { startAt: '2026-12-01T09:00:00.000Z', endAt: '2026-12-31T18:00:00.000Z', previousStatus: 'draft' } };
    expect(registry.upcast(v1)).toEqual({
      eventType: 'CampaignScheduled', schemaVersion: 2,
      data: { schedule: { startAt: '2026-12-01T09:00:00.000Z', endAt: '2026-12-31T18:00:00.000Z' }, previousStatus: 'draft' },
    });
  });

  it('keep an open-ended v1 schedule open-ended', () => {
    const v1 = { eventType: 'CampaignScheduled', schemaVersion: 1, data: { startAt: '2026-12-01T09:00:00.000Z', endAt: null, previousStatus: 'scheduled' } };
    expect(registry.upcast(v1).data).toEqual({ schedule: { startAt: '2026-12-01T09:00:00.000Z', endAt: null }, previousStatus: 'scheduled' });
  });
});
