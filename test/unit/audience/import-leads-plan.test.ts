import { Lead } from '../../../src/audience/domain/lead.js';
import type { LeadState } from '../../../src/audience/domain/lead-state.js';
import { importColumns } from '../../../src/audience/application/import-leads-columns.js';
import { planBatch, type DuplicatePolicy } from '../../../src/audience/application/import-leads-plan.js';
import { ImportRowReader, type ValidRow } from '../../../src/audience/application/import-leads-rows.js';
import { aLeadState, LATER } from './lead.mother.js';

// A batch's plan against the aggregate itself: the leads and events it plans are what Lead.create
// and Lead.update produce for the same values.

const HEADER = ['phone', 'email', 'firstName', 'region', 'tags', 'score', 'stage', 'specialty', 'budget'];
const reader = new ImportRowReader(importColumns(HEADER), 'CO');

function rows(...cells: Array<Partial<Record<(typeof HEADER)[number], string>>>): ValidRow[] {
  return cells.map((values, i) => {
    const read = reader.read({ row: i + 2, cells: HEADER.map((h) => values[h] ?? '') });
    if (!read || !('valid' in read)) throw new Error(`row ${i + 2} is not valid: ${JSON.stringify(read)}`);
    return read.valid;
  });
}

function ids(): () => string {
  let n = 0;
  return () => `01935a4e-7c00-7000-8000-${String(++n).padStart(12, '0')}`;
}

const plan = (batch: ValidRow[], existing: LeadState[], onDuplicate: DuplicatePolicy) =>
  planBatch(batch, existing, { brandId: 'acme', onDuplicate, now: LATER, emailColumn: 'email', newId: ids() });

const withoutEventId = <T extends { eventId: string }>(event: T) => ({ ...event, eventId: undefined });

describe('planning an import batch', () => {
  it('plans a new lead and its LeadCreated exactly as Lead.create makes them', () => {
    const [row] = rows({ phone: '300 123 4567', email: 'Ana@Example.com', firstName: 'Ana', region: 'andina', tags: 'vip;gold', score: '40', stage: 'won', specialty: 'x', budget: '5' });
    const result = plan([row!], [], 'skip');
    const lead = Lead.create(
      { brandId: 'acme', phone: '300 123 4567', email: 'Ana@Example.com', firstName: 'Ana', region: 'andina', tags: ['vip', 'gold'], score: 40, stage: 'won', customFields: { specialty: 'x', budget: 5 } },
      LATER, { id: result.inserts[0]!.id, defaultCountry: 'CO' },
    );
    expect(result.inserts).toEqual([lead.state]);
    expect(result.events.map(withoutEventId)).toEqual(lead.pendingEvents.map(withoutEventId));
    expect(result).toMatchObject({ imported: 1, updated: 0, skipped: 0, rejected: [], updates: [] });
  });

  it('plans an update of a stored lead exactly as Lead.update makes it, custom columns merged into its custom fields', () => {
    const stored = aLeadState();
    const [row] = rows({ phone: stored.phone!, firstName: 'Ana María', tags: 'vip; new', specialty: 'surgery', score: '99', stage: 'lost' });
    const result = plan([row!], [stored], 'update');
    const lead = Lead.restore(stored);
    lead.update({ firstName: 'Ana María', tags: ['vip', 'new'], customFields: { ...stored.customFields, specialty: 'surgery' } }, LATER);
    expect(result.updates).toEqual([{ state: lead.state, expectedVersion: stored.version }]);
    expect(result.events.map(withoutEventId)).toEqual(lead.pendingEvents.map(withoutEventId));
    // Score and stage of an existing lead move through their own actions, not the import.
    expect(result.updates[0]!.state).toMatchObject({ score: stored.score, stage: stored.stage });
    expect(result).toMatchObject({ imported: 0, updated: 1, skipped: 0, inserts: [] });
  });

  it('skips a duplicate in skip mode and a row that changes nothing in update mode', () => {
    const stored = aLeadState();
    const same = rows({ phone: '+57 300 123 4567', firstName: stored.firstName, email: 'ANA@example.com'.toLowerCase() });
    for (const policy of ['skip', 'update'] as const) {
      expect(plan(same, [stored], policy)).toMatchObject({ skipped: 1, updated: 0, imported: 0, events: [], inserts: [], updates: [] });
    }
    expect(plan(rows({ phone: stored.phone!, firstName: 'Other' }), [stored], 'skip')).toMatchObject({ skipped: 1, events: [] });
  });

  it('applies the rows of a batch one after the other: a later row with the same phone updates the lead an earlier one created', () => {
    const batch = rows({ phone: '300 555 0001', firstName: 'One' }, { phone: '+573005550001', region: 'caribe' }, { phone: '3005550001', region: 'caribe' });
    const updated = plan(batch, [], 'update');
    expect(updated).toMatchObject({ imported: 1, updated: 1, skipped: 1 });
    expect(updated.inserts).toHaveLength(1);
    expect(updated.inserts[0]).toMatchObject({ firstName: 'One', region: 'caribe', version: 2 });
    expect(updated.events.map((e) => [e.eventType, e.aggregateVersion])).toEqual([['LeadCreated', 1], ['LeadUpdated', 2]]);
    expect(updated.events[0]!.data).toMatchObject({ region: null });
    expect(plan(batch, [], 'skip')).toMatchObject({ imported: 1, skipped: 2, events: [expect.objectContaining({ eventType: 'LeadCreated' })] });
  });

  it('matches a row without phone by email, case-insensitively, against stored leads and earlier rows', () => {
    const stored = aLeadState({ phone: null, email: 'Ana@example.com' });
    const result = plan(rows({ email: 'ana@EXAMPLE.com', region: 'caribe' }, { phone: '300 555 0002', email: 'New@example.com' }, { email: 'new@example.com', firstName: 'Again' }), [stored], 'update');
    expect(result).toMatchObject({ imported: 1, updated: 2 });
    expect(result.updates[0]!.state).toMatchObject({ email: 'ana@example.com', region: 'caribe', version: stored.version + 1 });
    // The third row matched the lead the second created, and its email (local part as written) is a change too.
    expect(result.inserts[0]).toMatchObject({ email: 'new@example.com', firstName: 'Again', version: 2 });
  });

  it('matches a row with a phone only by its phone', () => {
    const stored = aLeadState({ phone: null, email: 'ana@example.com' });
    expect(plan(rows({ phone: '300 555 0003', email: 'ana@example.com' }), [stored], 'update')).toMatchObject({ imported: 1, updated: 0 });
  });

  it('follows an email a row changed: the old one no longer matches, the new one does', () => {
    const stored = aLeadState({ email: 'old@example.com' });
    const result = plan(rows({ phone: stored.phone!, email: 'new@example.com' }, { email: 'old@example.com', firstName: 'Someone else' }, { email: 'NEW@example.com'.toLowerCase(), region: 'caribe' }), [stored], 'update');
    expect(result).toMatchObject({ imported: 1, updated: 2 });
    expect(result.updates[0]!.state).toMatchObject({ email: 'new@example.com', region: 'caribe', version: stored.version + 2 });
  });

  it('refuses to guess which lead an email shared by several leads means, in update mode only', () => {
    const twins = [aLeadState({ id: '01935a4e-7c00-7000-8000-0000000000b1', phone: '+573001111111', email: 'twin@example.com' }), aLeadState({ id: '01935a4e-7c00-7000-8000-0000000000b2', phone: '+573002222222', email: 'Twin@example.com' })];
    const batch = rows({ email: 'twin@example.com', region: 'x' });
    expect(plan(batch, twins, 'update')).toMatchObject({
      updated: 0, events: [],
      rejected: [{ row: 2, errors: [{ field: 'email', message: 'matches 2 leads of the brand by email; add the phone to say which one to update' }], cells: ['', 'twin@example.com', '', 'x', '', '', '', '', ''] }],
    });
    expect(plan(batch, twins, 'skip')).toMatchObject({ skipped: 1, rejected: [] });
  });

  it('rejects an update that would give the lead more than 100 custom fields', () => {
    const stored = aLeadState({ customFields: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${String(i).padStart(3, '0')}`, i])) });
    const result = plan(rows({ phone: stored.phone!, specialty: 'new key' }), [stored], 'update');
    expect(result.rejected).toEqual([{ row: 2, errors: [{ field: 'customFields', message: 'must have at most 100 keys' }], cells: [] }]);
    expect(result.events).toEqual([]);
  });
});
