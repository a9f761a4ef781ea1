import { SegmentCriteria } from '../../../src/audience/domain/segment-criteria.js';
import { segmentWhere } from '../../../src/audience/infrastructure/segment-sql.js';
import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { aLeadSeed, seedLeads, type LeadSeed } from '../../support/lead-seeds.js';
import { exclusionOf, matches, randomSource } from '../../support/segment-oracle.js';

// Every operator of the criteria language against ~300 seeded leads: the members PostgreSQL
// selects (through the compiled WHERE clause, and through the preview endpoint) must be exactly
// the ones segment-oracle.ts computes from the seed data.

const BRAND = 'so-brand';
const OTHER = 'so-other';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const STAGES = ['new', 'profiling', 'financial_qualification', 'meeting_scheduled', 'follow_up', 'referrals', 'won', 'lost'];
const TREATMENTS = ['automated_telegram', 'automated_call', 'manual_follow_up', 'hold'];
const TAGS = ['vip', 'gold', 'silver', 'churn-risk', 'a%b', 'c\\d', "O'Brien"];
const REGIONS = ['andina', 'caribe', 'pacifico', 'orinoquia', "'; DROP TABLE leads; --", '%'];
const SPECIALTIES = ['cardiology', 'anesthesiology', 'pediatrics', "x') OR 1=1 --"];
const CHANNELS = ['call', 'whatsapp', 'telegram', 'email', 'sms'];

function generate(brandId: string, count: number, seed: number, now: Date): LeadSeed[] {
  const r = randomSource(seed);
  return Array.from({ length: count }, () => {
    const customFields: LeadSeed['customFields'] = {};
    if (r.chance(0.6)) customFields.budget = r.chance(0.85) ? r.int(0, 200_000) : 'high';
    if (r.chance(0.5)) customFields.specialty = r.pick(SPECIALTIES);
    if (r.chance(0.4)) customFields.vip = r.chance(0.5);
    if (r.chance(0.3)) customFields.rank = r.chance(0.5) ? 5 : '5';
    if (r.chance(0.3)) customFields.ratio = r.int(0, 100) / 10;
    const noPhone = r.chance(0.1);
    const noEmail = !noPhone && r.chance(0.12);
    const doNotContact = r.chance(0.05);
    return aLeadSeed({
      brandId,
      ...(noPhone && { phone: null }),
      ...(noEmail && { email: null }),
      stage: r.pick(STAGES),
      score: r.int(0, 100),
      tags: r.subset(TAGS, 0.25),
      region: r.chance(0.25) ? null : r.pick(REGIONS),
      timezone: r.chance(0.3) ? null : r.pick(['America/Bogota', 'America/Lima', 'UTC']),
      assignedTo: r.chance(0.5) ? null : r.pick(['agent-1', 'agent-2', 'agent-3']),
      treatment: r.pick(TREATMENTS),
      customFields,
      doNotContact,
      optedOutChannels: doNotContact ? [...CHANNELS] : r.subset(CHANNELS, 0.1),
      createdAt: new Date(now.getTime() - r.int(0, 60 * 24 * 60) * MINUTE),
      lastContactedAt: r.chance(0.3) ? null : new Date(now.getTime() - r.int(0, 90 * 24 * 60) * MINUTE),
      interactions: r.int(0, 12),
    });
  });
}

const c = (field: string, op: string, value: unknown) => ({ field, op, value });
const all = (...items: unknown[]) => ({ all: items });
const any = (...items: unknown[]) => ({ any: items });

/** Criteria that must select nobody (the rest must select some leads, but not all). */
const EMPTY_ON_PURPOSE = new Set(['tags contains_any %', 'customFields.missing eq', 'region eq a bare %']);

describe('segment operators against seeded leads (expected members computed in JS)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let now: Date;
  let leads: LeadSeed[];
  let mine: LeadSeed[];

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [BRAND]));
    now = t.clock.now();
    mine = generate(BRAND, 300, 20261123, now);
    // Boundaries: exactly 7 and 30 days back, exactly the score and date bounds used below.
    mine.push(
      aLeadSeed({ brandId: BRAND, createdAt: new Date(now.getTime() - 7 * DAY), score: 50, interactions: 5 }),
      aLeadSeed({ brandId: BRAND, createdAt: new Date(now.getTime() - 30 * DAY), lastContactedAt: new Date(now.getTime() - 30 * DAY), score: 20 }),
      aLeadSeed({ brandId: BRAND, createdAt: new Date('2026-11-01T00:00:00.000Z'), customFields: { budget: 100_000, rank: 5 } }),
    );
    // Another brand with the same kinds of leads: no criteria may ever reach them.
    leads = [...mine, ...generate(OTHER, 80, 7, now)];
    await seedLeads(t.dataSource, leads);
  });
  afterAll(async () => { await t.close(); });

  const expected = (criteria: unknown) => mine.filter((l) => matches(l, criteria, now));
  const sortedIds = (items: Array<{ id: string }>) => items.map((l) => l.id).sort();

  /** The members PostgreSQL selects with the compiled WHERE clause, brand filter included. */
  async function selected(criteria: unknown, brandId = BRAND): Promise<string[]> {
    const { where, params } = segmentWhere(SegmentCriteria.parse(criteria), { brandId, now });
    const rows: Array<{ id: string }> = await t.dataSource.query(`SELECT id FROM leads WHERE ${where}`, params.values);
    return rows.map((r) => r.id).sort();
  }

  const CASES: Array<[string, unknown]> = [
    ['stage eq', all(c('stage', 'eq', 'profiling'))],
    ['stage neq', all(c('stage', 'neq', 'new'))],
    ['stage in', all(c('stage', 'in', ['won', 'lost']))],
    ['stage nin', all(c('stage', 'nin', ['new', 'profiling', 'won']))],
    ['treatment eq', all(c('treatment', 'eq', 'hold'))],
    ['treatment in', all(c('treatment', 'in', ['automated_call', 'automated_telegram']))],
    ['score eq', all(c('score', 'eq', 50))],
    ['score neq', all(c('score', 'neq', 50))],
    ['score in', all(c('score', 'in', [10, 20, 30, 40, 50]))],
    ['score nin', all(c('score', 'nin', [10, 20, 30, 40, 50]))],
    ['score gt', all(c('score', 'gt', 50))],
    ['score gte', all(c('score', 'gte', 50))],
    ['score lt', all(c('score', 'lt', 20))],
    ['score lte', all(c('score', 'lte', 20))],
    ['score between', all(c('score', 'between', [30, 60]))],
    ['interactions gte', all(c('interactions', 'gte', 5))],
    ['interactions between', all(c('interactions', 'between', [3, 3]))],
    ['region eq', all(c('region', 'eq', 'andina'))],
    ['region neq (also no region)', all(c('region', 'neq', 'andina'))],
    ['region in', all(c('region', 'in', ['caribe', 'pacifico']))],
    ['region nin (also no region)', all(c('region', 'nin', ['caribe', 'pacifico']))],
    ['region exists', all(c('region', 'exists', true))],
    ['region does not exist', all(c('region', 'exists', false))],
    ['region eq an injection attempt, matched as plain text', all(c('region', 'eq', "'; DROP TABLE leads; --"))],
    ['region eq a bare %', all(c('region', 'eq', '%%'))],
    ['timezone in', all(c('timezone', 'in', ['UTC', 'America/Lima']))],
    ['timezone does not exist', all(c('timezone', 'exists', false))],
    ['assignedTo eq', all(c('assignedTo', 'eq', 'agent-1'))],
    ['assignedTo neq (also unassigned)', all(c('assignedTo', 'neq', 'agent-1'))],
    ['assignedTo exists', all(c('assignedTo', 'exists', true))],
    ['tags contains_any', all(c('tags', 'contains_any', ['vip', 'gold']))],
    ['tags contains_all', all(c('tags', 'contains_all', ['vip', 'gold']))],
    ['tags exists', all(c('tags', 'exists', true))],
    ['tags do not exist', all(c('tags', 'exists', false))],
    ['tags contains_any a%b (no wildcard)', all(c('tags', 'contains_any', ['a%b']))],
    ['tags contains_any %', all(c('tags', 'contains_any', ['%']))],
    ['tags contains_all with a backslash and a quote', any(c('tags', 'contains_all', ['c\\d']), c('tags', 'contains_all', ["O'Brien"]))],
    ['createdAt gt a date', all(c('createdAt', 'gt', '2026-11-01'))],
    ['createdAt gte a date (boundary included)', all(c('createdAt', 'gte', '2026-11-01'))],
    ['createdAt lt an instant with an offset', all(c('createdAt', 'lt', '2026-10-15T07:00:00-05:00'))],
    ['createdAt lte', all(c('createdAt', 'lte', '2026-11-01T00:00:00.000Z'))],
    ['createdAt between', all(c('createdAt', 'between', ['2026-10-01', '2026-10-31T23:59:59.999Z']))],
    ['createdAt within_last_days (boundary included)', all(c('createdAt', 'within_last_days', 7))],
    ['createdAt not_within_last_days', all(c('createdAt', 'not_within_last_days', 30))],
    ['lastContactedAt within_last_days', all(c('lastContactedAt', 'within_last_days', 30))],
    ['lastContactedAt not_within_last_days (also never contacted)', all(c('lastContactedAt', 'not_within_last_days', 30))],
    ['lastContactedAt gt', all(c('lastContactedAt', 'gt', '2026-10-01'))],
    ['lastContactedAt between', all(c('lastContactedAt', 'between', ['2026-09-01', '2026-10-01']))],
    ['lastContactedAt does not exist', all(c('lastContactedAt', 'exists', false))],
    ['customFields number gt (text never matches)', all(c('customFields.budget', 'gt', 100_000))],
    ['customFields number gte (boundary included)', all(c('customFields.budget', 'gte', 100_000))],
    ['customFields number lt', all(c('customFields.budget', 'lt', 50_000))],
    ['customFields number lte', all(c('customFields.budget', 'lte', 50_000))],
    ['customFields number between', all(c('customFields.budget', 'between', [20_000, 80_000]))],
    ['customFields decimal gt', all(c('customFields.ratio', 'gt', 2.5))],
    ['customFields eq text', all(c('customFields.budget', 'eq', 'high'))],
    ['customFields eq a number (not its text)', all(c('customFields.rank', 'eq', 5))],
    ['customFields eq a text (not the number)', all(c('customFields.rank', 'eq', '5'))],
    ['customFields eq boolean', all(c('customFields.vip', 'eq', true))],
    ['customFields neq (also without the field)', all(c('customFields.vip', 'neq', true))],
    ['customFields in mixed types', all(c('customFields.specialty', 'in', ['cardiology', "x') OR 1=1 --"]))],
    ['customFields nin (also without the field)', all(c('customFields.specialty', 'nin', ['cardiology', 'pediatrics']))],
    ['customFields exists', all(c('customFields.specialty', 'exists', true))],
    ['customFields does not exist', all(c('customFields.specialty', 'exists', false))],
    ['customFields.missing eq', all(c('customFields.missing', 'eq', 'x'))],
    ['nested all/any', any(
      all(c('stage', 'in', ['profiling', 'follow_up']), c('tags', 'contains_any', ['vip', 'silver'])),
      all(c('score', 'gte', 80), c('customFields.budget', 'exists', true), any(c('region', 'exists', false), c('interactions', 'lt', 2))),
      c('lastContactedAt', 'within_last_days', 3),
    )],
    ['three conditions (the benchmark shape)', all(c('stage', 'in', ['new', 'profiling', 'follow_up']), c('tags', 'contains_any', ['vip', 'gold']), c('score', 'gte', 40))],
  ];

  it('seeds a varied set', () => {
    expect(mine.length).toBeGreaterThanOrEqual(300);
    expect(new Set(mine.map((l) => l.stage)).size).toBe(STAGES.length);
  });

  it.each(CASES)('%s: PostgreSQL selects exactly the expected leads of the brand', async (name, criteria) => {
    const members = expected(criteria);
    if (EMPTY_ON_PURPOSE.has(name)) expect(members).toHaveLength(0);
    else {
      expect(members.length).toBeGreaterThan(0);
      expect(members.length).toBeLessThan(mine.length);
    }
    expect(await selected(criteria)).toEqual(sortedIds(members));
  });

  it.each(CASES)('%s: preview answers the same total and a newest-first sample of them', async (_, criteria) => {
    const members = expected(criteria);
    const res = await api('POST', '/api/v1/segments/preview', { brandId: BRAND, criteria });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(members.length);
    expect(res.body.excluded).toBeUndefined();
    const newestFirst = [...members].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect(res.body.sample.map((l: { id: string }) => l.id)).toEqual(newestFirst.slice(0, 10).map((l) => l.id));
    for (const lead of res.body.sample) expect(lead.brandId).toBe(BRAND);
  });

  it.each(CHANNELS)('with channel %s, preview counts only reachable leads not opted out, and says how many were left out', async (channel) => {
    const criteria = all(c('score', 'gte', 10));
    const members = expected(criteria);
    const kept = members.filter((l) => exclusionOf(l, channel) === null);
    const res = await api('POST', '/api/v1/segments/preview', { brandId: BRAND, criteria, channel });
    expect(res.body.total).toBe(kept.length);
    expect(res.body.excluded).toEqual({
      optedOut: members.filter((l) => exclusionOf(l, channel) === 'optedOut').length,
      unreachable: members.filter((l) => exclusionOf(l, channel) === 'unreachable').length,
    });
    expect(res.body.excluded.optedOut).toBeGreaterThan(0);
    expect(res.body.excluded.unreachable).toBeGreaterThan(0);
    const keptIds = new Set(kept.map((l) => l.id));
    for (const lead of res.body.sample) expect(keptIds.has(lead.id)).toBe(true);
  });

  it('evaluates the predefined segments as documented', async () => {
    const predefined = (await api('GET', '/api/v1/segments/predefined')).body.items as Array<{ id: string; criteria: unknown }>;
    const expectations: Record<string, (l: LeadSeed) => boolean> = {
      new_last_7_days: (l) => l.createdAt.getTime() >= now.getTime() - 7 * DAY,
      engaged: (l) => l.interactions >= 5,
      inactive_30_days: (l) =>
        (l.lastContactedAt === null || l.lastContactedAt.getTime() < now.getTime() - 30 * DAY) && l.createdAt.getTime() < now.getTime() - 30 * DAY,
    };
    expect(predefined.map((s) => s.id).sort()).toEqual(Object.keys(expectations).sort());
    for (const segment of predefined) {
      const members = mine.filter(expectations[segment.id]!);
      expect(members.length).toBeGreaterThan(0);
      expect(await selected(segment.criteria)).toEqual(sortedIds(members));
      expect((await api('POST', '/api/v1/segments/preview', { brandId: BRAND, criteria: segment.criteria })).body.total).toBe(members.length);
    }
  });

  it('never reaches another brand\'s leads, and the other brand sees only its own', async () => {
    const criteria = all(c('score', 'gte', 0));
    expect(await selected(criteria)).toEqual(sortedIds(mine));
    const theirs = leads.filter((l) => l.brandId === OTHER);
    expect(await selected(criteria, OTHER)).toEqual(sortedIds(theirs));
    const other = client(t.baseUrl, await t.token('brand_manager', [OTHER]));
    expect((await other('POST', '/api/v1/segments/preview', { brandId: OTHER, criteria })).body.total).toBe(theirs.length);
  });

  it('leaves the leads table intact after every hostile value', async () => {
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM leads`);
    expect(n).toBe(leads.length);
  });
});
