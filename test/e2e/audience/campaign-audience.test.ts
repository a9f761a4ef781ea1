import { client, startTestApp, type TestApp } from '../../support/test-app.js';
import { createCampaignIn, expectFieldErrors, expectProblem, ISO_UTC, type CampaignStatusName } from '../../support/campaign-requests.js';
import { aLeadSeed, seedLeads, seedReachableLeads, type LeadSeed } from '../../support/lead-seeds.js';
import { createLead, expectDocumented } from '../../support/lead-requests.js';

const A = 'ca-alpha';
const B = 'ca-beta';
const ALL_CHANNELS = ['call', 'whatsapp', 'telegram', 'email', 'sms'];

const c = (field: string, op: string, value: unknown) => ({ field, op, value });
const all = (...items: unknown[]) => ({ all: items });

describe('campaign audience', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let managerB: ReturnType<typeof client>;
  let viewer: ReturnType<typeof client>;
  let tag = 0;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t.baseUrl, await t.token('brand_manager', [A]));
    managerB = client(t.baseUrl, await t.token('brand_manager', [B]));
    viewer = client(t.baseUrl, await t.token('viewer', [A]));
  });
  afterAll(async () => { await t.close(); });

  /** An empty campaign of brand A (or `overrides.brandId`) in `status`. */
  const campaignIn = (status: CampaignStatusName, overrides: Record<string, unknown> = {}) =>
    createCampaignIn(t, overrides.brandId === B ? managerB : api, status, { brandId: A, ...overrides }, { audience: status === 'draft' || status === 'cancelled' ? 0 : 1 });
  const add = (id: string, body: unknown, headers?: Record<string, string>) => api('POST', `/api/v1/campaigns/${id}/audience`, body, headers);
  const members = async (id: string) =>
    (await t.dataSource.query(`SELECT lead_id, brand_id, status, priority, attempts FROM campaign_audience WHERE campaign_id = $1 ORDER BY lead_id`, [id])) as Array<{
      lead_id: string; brand_id: string; status: string; priority: number; attempts: number;
    }>;
  const memberIds = async (id: string) => (await members(id)).map((m) => m.lead_id).sort();
  const read = async (id: string) => (await api('GET', `/api/v1/campaigns/${id}`)).body;
  const eventsOf = async (id: string) =>
    (await t.dataSource.query(`SELECT event_type, aggregate_version, payload FROM domain_events WHERE aggregate_id = $1 ORDER BY aggregate_version`, [id])) as Array<{
      event_type: string; aggregate_version: number; payload: any;
    }>;
  /** A tag no other test uses, so criteria select exactly the leads seeded with it. */
  const freshTag = () => `t${++tag}`;
  const seed = (seeds: LeadSeed[]) => seedLeads(t.dataSource, seeds);

  describe('by lead ids', () => {
    it('adds the brand\'s leads, counts duplicates as already present and unknown or foreign ids as not found', async () => {
      const campaign = await campaignIn('draft');
      const ours = await seedReachableLeads(t.dataSource, A, 3);
      const [foreign] = await seedReachableLeads(t.dataSource, B, 1);
      const unknown = '0193aaaa-0000-7000-8000-00000000dead';
      const first = await add(campaign.id, { leadIds: [ours[0], ours[1], ours[0], ours[1].toUpperCase(), foreign, unknown] });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ added: 2, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 }, notFound: 2 });
      expect(first.headers.get('etag')).toBe(`"${campaign.version + 1}"`);
      expectDocumented('AudienceAddition', first.body);
      const again = await add(campaign.id, { leadIds: ours });
      expect(again.body).toEqual({ added: 1, alreadyPresent: 2, excluded: { optedOut: 0, unreachable: 0 }, notFound: 0 });
      expect(await memberIds(campaign.id)).toEqual([...ours].sort());
      expect((await members(campaign.id)).every((m) => m.brand_id === A && m.status === 'pending' && m.attempts === 0)).toBe(true);
      expect(await read(campaign.id)).toMatchObject({ version: campaign.version + 2, metrics: { totalContacts: 3, pending: 3 } });
    });

    it('adding only members already present changes nothing: no event, same version', async () => {
      const campaign = await campaignIn('draft');
      const ids = await seedReachableLeads(t.dataSource, A, 2);
      await add(campaign.id, { leadIds: ids });
      const before = await read(campaign.id);
      const res = await add(campaign.id, { leadIds: ids });
      expect(res.body).toEqual({ added: 0, alreadyPresent: 2, excluded: { optedOut: 0, unreachable: 0 }, notFound: 0 });
      expect(res.headers.get('etag')).toBe(`"${before.version}"`);
      expect(await read(campaign.id)).toEqual(before);
      expect((await eventsOf(campaign.id)).map((e) => e.event_type)).toEqual(['CampaignCreated', 'CampaignAudienceAdded']);
    });

    it('adds a lead created through the API', async () => {
      const campaign = await campaignIn('draft');
      const lead = await createLead(api, { brandId: A });
      expect((await add(campaign.id, { leadIds: [lead.id] })).body.added).toBe(1);
    });
  });

  describe('exclusions', () => {
    // Of the six leads below: the two do-not-contact ones are opted out everywhere, the third only
    // of call and sms; the phone-less one is unreachable on phone channels (telegram included), the
    // email-less one on email.
    it.each([
      ['call', { optedOut: 3, unreachable: 1 }],
      ['sms', { optedOut: 3, unreachable: 1 }],
      ['whatsapp', { optedOut: 2, unreachable: 1 }],
      ['telegram', { optedOut: 2, unreachable: 1 }],
      ['email', { optedOut: 2, unreachable: 1 }],
    ])('on %s, opted-out and unreachable leads are counted, not added (opted out counts first)', async (channel, excluded) => {
      const campaign = await campaignIn('draft', { channel });
      const label = freshTag();
      const leads = await seed([
        aLeadSeed({ brandId: A, tags: [label] }),
        aLeadSeed({ brandId: A, tags: [label], doNotContact: true, optedOutChannels: ALL_CHANNELS }),
        aLeadSeed({ brandId: A, tags: [label], optedOutChannels: ['call', 'sms'] }),
        aLeadSeed({ brandId: A, tags: [label], phone: null }),
        aLeadSeed({ brandId: A, tags: [label], email: null }),
        // Both opted out of everything and without a phone: counted once, as opted out.
        aLeadSeed({ brandId: A, tags: [label], phone: null, doNotContact: true, optedOutChannels: ALL_CHANNELS }),
      ]);
      const res = await add(campaign.id, { criteria: all(c('tags', 'contains_all', [label])) });
      expect(res.body).toEqual({ added: leads.length - excluded.optedOut - excluded.unreachable, alreadyPresent: 0, excluded });
      const reachable = leads.filter((l) => !l.doNotContact && !l.optedOutChannels.includes(channel) && (channel === 'email' ? l.email : l.phone) !== null);
      expect(await memberIds(campaign.id)).toEqual(reachable.map((l) => l.id).sort());
    });
  });

  describe('by segment', () => {
    it('takes a snapshot: leads created later are not members until the segment is added again', async () => {
      const campaign = await campaignIn('draft');
      const label = freshTag();
      const early = await seed([aLeadSeed({ brandId: A, tags: [label] }), aLeadSeed({ brandId: A, tags: [label] })]);
      const segment = (await api('POST', '/api/v1/segments', { brandId: A, name: `snapshot ${label}`, criteria: all(c('tags', 'contains_any', [label])) })).body;
      expect((await add(campaign.id, { segmentId: segment.id })).body).toEqual({ added: 2, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 } });
      const late = await seed([aLeadSeed({ brandId: A, tags: [label] })]);
      expect(await memberIds(campaign.id)).toEqual(early.map((l) => l.id).sort());
      expect((await add(campaign.id, { segmentId: segment.id })).body).toEqual({ added: 1, alreadyPresent: 2, excluded: { optedOut: 0, unreachable: 0 } });
      expect(await memberIds(campaign.id)).toEqual([...early, ...late].map((l) => l.id).sort());
      // The event keeps the segment's name and criteria, so deleting the segment loses nothing.
      expect((await api('DELETE', `/api/v1/segments/${segment.id}`)).status).toBe(204);
      const added = (await eventsOf(campaign.id)).filter((e) => e.event_type === 'CampaignAudienceAdded');
      expect(added.map((e) => e.payload)).toEqual([
        { source: { type: 'segment', segmentId: segment.id, name: segment.name, criteria: segment.criteria }, priority: 5, added: 2, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 }, totalContacts: 2, pending: 2 },
        { source: { type: 'segment', segmentId: segment.id, name: segment.name, criteria: segment.criteria }, priority: 5, added: 1, alreadyPresent: 2, excluded: { optedOut: 0, unreachable: 0 }, totalContacts: 3, pending: 3 },
      ]);
      expect(await memberIds(campaign.id)).toHaveLength(3);
    });

    it('uses a predefined segment by its id, evaluated for the campaign\'s brand only', async () => {
      const campaign = await campaignIn('draft');
      const engagedA = await seed([aLeadSeed({ brandId: A, interactions: 9 }), aLeadSeed({ brandId: A, interactions: 5 }), aLeadSeed({ brandId: A, interactions: 4 })]);
      await seed([aLeadSeed({ brandId: B, interactions: 50 })]);
      const res = await add(campaign.id, { segmentId: 'engaged' });
      expect(res.status).toBe(200);
      const ids = await memberIds(campaign.id);
      expect(ids).toEqual(expect.arrayContaining([engagedA[0]!.id, engagedA[1]!.id]));
      expect(ids).not.toContain(engagedA[2]!.id);
      expect((await members(campaign.id)).every((m) => m.brand_id === A)).toBe(true);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM leads WHERE brand_id = $1 AND interactions >= 5`, [A]);
      expect(ids).toHaveLength(n);
      const event = (await eventsOf(campaign.id)).at(-1)!;
      expect(event.payload.source).toEqual({ type: 'segment', segmentId: 'engaged', name: 'Engaged', criteria: all(c('interactions', 'gte', 5)) });
    });

    it('answers 404 for another brand\'s segment, an unknown one or an unknown predefined id, adding nothing', async () => {
      const campaign = await campaignIn('draft');
      const label = freshTag();
      await seed([aLeadSeed({ brandId: B, tags: [label] }), aLeadSeed({ brandId: A, tags: [label] })]);
      const theirs = (await managerB('POST', '/api/v1/segments', { brandId: B, name: 'beta', criteria: all(c('tags', 'contains_any', [label])) })).body;
      expectProblem(await add(campaign.id, { segmentId: theirs.id }), 404, /Segment/);
      expectProblem(await add(campaign.id, { segmentId: '0193aaaa-0000-7000-8000-00000000f00d' }), 404);
      expectProblem(await add(campaign.id, { segmentId: 'everyone' }), 404);
      expectFieldErrors(await add(campaign.id, { segmentId: 'Robert\'); DROP TABLE segments; --' }), ['segmentId']);
      expect(await memberIds(campaign.id)).toEqual([]);
      // Even an admin cannot pull another brand's segment into this campaign.
      const admin = client(t.baseUrl, await t.token('admin'));
      expectProblem(await admin('POST', `/api/v1/campaigns/${campaign.id}/audience`, { segmentId: theirs.id }), 404);
    });
  });

  describe('by criteria', () => {
    it('adds the brand\'s matching leads; invalid criteria answer 400 naming the bad node, adding nothing', async () => {
      const campaign = await campaignIn('draft');
      const label = freshTag();
      const leads = await seed([
        aLeadSeed({ brandId: A, tags: [label], score: 80 }),
        aLeadSeed({ brandId: A, tags: [label], score: 10 }),
        aLeadSeed({ brandId: B, tags: [label], score: 90 }),
      ]);
      expectFieldErrors(await add(campaign.id, { criteria: all(c('tags', 'contains_any', [label]), { any: [c('score', 'exists', true)] }) }), ['criteria.all[1].any[0].op']);
      expectFieldErrors(await add(campaign.id, { criteria: all(c('stage; DROP TABLE leads', 'eq', 'new')) }), ['criteria.all[0].field']);
      expect(await memberIds(campaign.id)).toEqual([]);
      const res = await add(campaign.id, { criteria: all(c('tags', 'contains_any', [label]), c('score', 'gte', 50)) });
      expect(res.body).toEqual({ added: 1, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 } });
      expect(await memberIds(campaign.id)).toEqual([leads[0]!.id]);
      expect((await eventsOf(campaign.id)).at(-1)!.payload.source).toEqual({ type: 'criteria', criteria: all(c('tags', 'contains_any', [label]), c('score', 'gte', 50)) });
    });

    it('treats hostile values as plain text', async () => {
      const campaign = await campaignIn('draft');
      const leads = await seed([aLeadSeed({ brandId: A, region: "x'; DELETE FROM campaign_audience; --" }), aLeadSeed({ brandId: A, region: 'x%' })]);
      expect((await add(campaign.id, { criteria: all(c('region', 'in', ["x'; DELETE FROM campaign_audience; --", '%'])) })).body.added).toBe(1);
      expect(await memberIds(campaign.id)).toEqual([leads[0]!.id]);
    });
  });

  describe('priority', () => {
    it('is 5 by default, as given otherwise, and never changes for members already present', async () => {
      const campaign = await campaignIn('draft');
      const [a, b] = await seedReachableLeads(t.dataSource, A, 2);
      await add(campaign.id, { leadIds: [a] });
      await add(campaign.id, { leadIds: [a, b], priority: 9 });
      const byLead = Object.fromEntries((await members(campaign.id)).map((m) => [m.lead_id, m.priority]));
      expect(byLead).toEqual({ [a!]: 5, [b!]: 9 });
      const listed = (await viewer('GET', `/api/v1/campaigns/${campaign.id}/audience`)).body.items;
      expect(Object.fromEntries(listed.map((m: { leadId: string; priority: number }) => [m.leadId, m.priority]))).toEqual(byLead);
    });

    it('must be an integer from 1 to 10', async () => {
      const campaign = await campaignIn('draft');
      const [id] = await seedReachableLeads(t.dataSource, A, 1);
      for (const priority of [0, 11, 2.5]) expectFieldErrors(await add(campaign.id, { leadIds: [id], priority }), ['priority']);
      expectFieldErrors(await add(campaign.id, { leadIds: [id], priority: '5' }), ['priority']);
      expectFieldErrors(await add(campaign.id, { leadIds: [id], priority: null }), ['priority']);
      expect(await memberIds(campaign.id)).toEqual([]);
    });
  });

  describe('request body', () => {
    it('needs exactly one source, well formed; every bad field is reported', async () => {
      const campaign = await campaignIn('draft');
      expectFieldErrors(await add(campaign.id, {}), ['body']);
      expectFieldErrors(await add(campaign.id, { priority: 3 }), ['body']);
      expectFieldErrors(await add(campaign.id, { leadIds: ['0193aaaa-0000-7000-8000-00000000dead'], segmentId: 'engaged' }), ['segmentId']);
      expectFieldErrors(await add(campaign.id, { leadIds: [], priority: 0 }), ['leadIds', 'priority']);
      expectFieldErrors(await add(campaign.id, { leadIds: ['0193aaaa-0000-7000-8000-00000000dead', 'not-a-uuid', 7] }), ['leadIds[1]', 'leadIds[2]']);
      expectFieldErrors(await add(campaign.id, { leadIds: 'x' }), ['leadIds']);
      expectFieldErrors(await add(campaign.id, { criteria: [] }), ['criteria']);
      expectFieldErrors(await add(campaign.id, { segmentId: 'engaged', status: 'excluded' }), ['status']);
      expect(await read(campaign.id)).toMatchObject({ version: campaign.version });
    });
  });

  describe('allowed statuses', () => {
    it.each(['draft', 'scheduled', 'active', 'paused'] as const)('adds in %s', async (status) => {
      const campaign = await campaignIn(status);
      const ids = await seedReachableLeads(t.dataSource, A, 2);
      const res = await add(campaign.id, { leadIds: ids });
      expect(res.body.added).toBe(2);
      expect(await read(campaign.id)).toMatchObject({ status, version: campaign.version + 1, metrics: { totalContacts: campaign.metrics.totalContacts + 2 } });
    });

    it.each(['finished', 'cancelled'] as const)('answers 409 in %s, naming the status, for adding and removing', async (status) => {
      const campaign = await createCampaignIn(t, api, status, { brandId: A });
      const ids = await seedReachableLeads(t.dataSource, A, 1);
      const problem = expectProblem(await add(campaign.id, { leadIds: ids }), 409);
      expect(problem.detail).toContain(status);
      expect(problem.detail).toMatch(/audience/i);
      const [member] = await memberIds(campaign.id);
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${member}`), 409, status);
      expect(await memberIds(campaign.id)).toEqual([member]);
      expect(await read(campaign.id)).toEqual(campaign);
    });
  });

  describe('GET /campaigns/{id}/audience', () => {
    let campaign: any;
    let ids: string[];
    beforeAll(async () => {
      campaign = await campaignIn('draft');
      ids = await seedReachableLeads(t.dataSource, A, 5);
      t.clock.advance(1000);
      await add(campaign.id, { leadIds: ids, priority: 4 });
      await t.dataSource.query(
        `UPDATE campaign_audience SET status = 'failed', attempts = 2, last_attempt_at = $3 WHERE campaign_id = $1 AND lead_id = $2`,
        [campaign.id, ids[0], new Date('2026-11-23T11:00:00.000Z')],
      );
    });

    it('lists members by lead id with status, attempts, lastAttemptAt and priority, paging with a cursor', async () => {
      const seen: any[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await viewer('GET', `/api/v1/campaigns/${campaign.id}/audience?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expectDocumented('AudienceMemberList', res.body);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((m) => m.leadId)).toEqual([...ids].sort());
      const failed = seen.find((m) => m.leadId === ids[0]);
      expect(failed).toEqual({ leadId: ids[0], status: 'failed', attempts: 2, lastAttemptAt: '2026-11-23T11:00:00.000Z', priority: 4, addedAt: t.clock.now().toISOString() });
      expect(seen.find((m) => m.leadId === ids[1])).toMatchObject({ status: 'pending', attempts: 0, lastAttemptAt: null });
      for (const m of seen) expect(m.addedAt).toMatch(ISO_UTC);
    });

    it('filters by status', async () => {
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}/audience?status=failed`)).body.items.map((m: { leadId: string }) => m.leadId)).toEqual([ids[0]]);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}/audience?status=pending`)).body.items).toHaveLength(4);
      expect((await api('GET', `/api/v1/campaigns/${campaign.id}/audience?status=succeeded`)).body.items).toEqual([]);
    });

    it('answers 400 for bad parameters and 404 for another brand\'s, unknown or non-UUID campaigns', async () => {
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${campaign.id}/audience?status=sent`), ['status']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${campaign.id}/audience?limit=501`), ['limit']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${campaign.id}/audience?cursor=abc`), ['cursor']);
      expectFieldErrors(await api('GET', `/api/v1/campaigns/${campaign.id}/audience?brandId=${A}`), ['brandId']);
      expectProblem(await managerB('GET', `/api/v1/campaigns/${campaign.id}/audience`), 404);
      expectProblem(await api('GET', '/api/v1/campaigns/0193aaaa-0000-7000-8000-00000000abcd/audience'), 404);
      expectProblem(await api('GET', '/api/v1/campaigns/nope/audience'), 404);
    });
  });

  describe('DELETE /campaigns/{id}/audience/{leadId}', () => {
    it('removes a member not yet attempted: 204, CampaignAudienceRemoved, totals updated', async () => {
      const campaign = await campaignIn('draft');
      const ids = await seedReachableLeads(t.dataSource, A, 3);
      await add(campaign.id, { leadIds: ids });
      const before = await read(campaign.id);
      const res = await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${ids[1]}`, undefined, { 'if-match': `"${before.version}"` });
      expect(res.status).toBe(204);
      expect(await memberIds(campaign.id)).toEqual([ids[0], ids[2]].sort());
      expect(await read(campaign.id)).toMatchObject({ version: before.version + 1, metrics: { totalContacts: 2, pending: 2 } });
      expect((await eventsOf(campaign.id)).at(-1)).toMatchObject({ event_type: 'CampaignAudienceRemoved', payload: { leadId: ids[1], totalContacts: 2, pending: 2 } });
      // It can come back later.
      expect((await add(campaign.id, { leadIds: [ids[1]] })).body.added).toBe(1);
    });

    it('answers 409 once a member was attempted, and 404 for a lead that is not a member', async () => {
      const campaign = await campaignIn('active');
      const ids = await seedReachableLeads(t.dataSource, A, 3);
      await add(campaign.id, { leadIds: ids });
      await t.dataSource.query(`UPDATE campaign_audience SET status = 'in_progress', attempts = 1 WHERE campaign_id = $1 AND lead_id = $2`, [campaign.id, ids[0]]);
      await t.dataSource.query(`UPDATE campaign_audience SET attempts = 1 WHERE campaign_id = $1 AND lead_id = $2`, [campaign.id, ids[1]]);
      const before = await read(campaign.id);
      const problem = expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${ids[0]}`), 409);
      expect(problem.detail).toContain("'in_progress'");
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${ids[1]}`), 409, /attempt/);
      const [stranger] = await seedReachableLeads(t.dataSource, A, 1);
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${stranger}`), 404);
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/not-a-uuid`), 404);
      expect(await read(campaign.id)).toEqual(before);
      expect((await members(campaign.id)).map((m) => m.lead_id)).toEqual(expect.arrayContaining([ids[0], ids[1]]));
    });

    it('answers 412 on a stale If-Match, 403 to a viewer, 404 to another brand, removing nothing', async () => {
      const campaign = await campaignIn('draft');
      const [id] = await seedReachableLeads(t.dataSource, A, 1);
      await add(campaign.id, { leadIds: [id] });
      expectProblem(await api('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${id}`, undefined, { 'if-match': '"1"' }), 412);
      expectProblem(await viewer('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${id}`), 403);
      expectProblem(await managerB('DELETE', `/api/v1/campaigns/${campaign.id}/audience/${id}`), 404);
      expect(await memberIds(campaign.id)).toEqual([id]);
    });
  });

  describe('tenancy and roles', () => {
    it('answers 404 for another brand\'s campaign, whatever the source, and 403 to a viewer, adding nothing', async () => {
      const theirs = await campaignIn('draft', { brandId: B });
      const ours = await seedReachableLeads(t.dataSource, A, 1);
      for (const body of [{ leadIds: ours }, { segmentId: 'engaged' }, { criteria: all(c('score', 'gte', 0)) }]) {
        const problem = expectProblem(await add(theirs.id, body), 404);
        expect(problem.detail).not.toContain(B);
      }
      expectProblem(await add(theirs.id, { leadIds: ours }, { 'idempotency-key': 'cross-brand-audience' }), 404);
      expect(await memberIds(theirs.id)).toEqual([]);
      const mine = await campaignIn('draft');
      expectProblem(await viewer('POST', `/api/v1/campaigns/${mine.id}/audience`, { leadIds: ours }), 403, /viewer/);
      expect(await memberIds(mine.id)).toEqual([]);
    });

    it('never adds another brand\'s leads, even for an admin naming them by id', async () => {
      const campaign = await campaignIn('draft');
      const foreign = await seedReachableLeads(t.dataSource, B, 3);
      const admin = client(t.baseUrl, await t.token('admin'));
      const res = await admin('POST', `/api/v1/campaigns/${campaign.id}/audience`, { leadIds: foreign });
      expect(res.body).toEqual({ added: 0, alreadyPresent: 0, excluded: { optedOut: 0, unreachable: 0 }, notFound: 3 });
      expect(await memberIds(campaign.id)).toEqual([]);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_audience a JOIN campaigns c ON c.id = a.campaign_id WHERE a.brand_id <> c.brand_id`);
      expect(n).toBe(0);
    });
  });

  describe('consistency', () => {
    it('If-Match: a stale version answers 412 and adds nothing', async () => {
      const campaign = await campaignIn('draft');
      const ids = await seedReachableLeads(t.dataSource, A, 1);
      expectProblem(await add(campaign.id, { leadIds: ids }, { 'if-match': '"9"' }), 412);
      expect(await memberIds(campaign.id)).toEqual([]);
      expect((await add(campaign.id, { leadIds: ids }, { 'if-match': `"${campaign.version}"` })).status).toBe(200);
    });

    it('Idempotency-Key: a retried add answers the first result and records one event', async () => {
      const campaign = await campaignIn('draft');
      const ids = await seedReachableLeads(t.dataSource, A, 2);
      const first = await add(campaign.id, { leadIds: ids }, { 'idempotency-key': 'audience-once' });
      const second = await add(campaign.id, { leadIds: ids }, { 'idempotency-key': 'audience-once' });
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
      expect((await eventsOf(campaign.id)).filter((e) => e.event_type === 'CampaignAudienceAdded')).toHaveLength(1);
    });

    it('concurrent adds of overlapping leads: each lead joins once, totals and versions stay exact', async () => {
      const campaign = await campaignIn('draft');
      const ids = await seedReachableLeads(t.dataSource, A, 40);
      const batches = [ids.slice(0, 25), ids.slice(10, 35), ids.slice(20, 40), ids];
      const results = await Promise.all(batches.map((leadIds) => add(campaign.id, { leadIds })));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(results.reduce((sum, r) => sum + r.body.added, 0)).toBe(40);
      results.forEach((r, i) => expect(r.body.added + r.body.alreadyPresent).toBe(batches[i]!.length));
      expect(await memberIds(campaign.id)).toEqual([...ids].sort());
      const events = await eventsOf(campaign.id);
      expect(events.map((e) => e.aggregate_version)).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)!.payload.totalContacts).toBe(40);
      expect(await read(campaign.id)).toMatchObject({ metrics: { totalContacts: 40, pending: 40 } });
    });

    it('deleting a draft removes its audience too', async () => {
      const campaign = await campaignIn('draft');
      await add(campaign.id, { leadIds: await seedReachableLeads(t.dataSource, A, 2) });
      expect(await memberIds(campaign.id)).toHaveLength(2);
      expect((await api('DELETE', `/api/v1/campaigns/${campaign.id}`)).status).toBe(204);
      expect(await memberIds(campaign.id)).toEqual([]);
      expectProblem(await api('GET', `/api/v1/campaigns/${campaign.id}/audience`), 404);
    });

    it('pending counts only members still pending', async () => {
      const campaign = await campaignIn('draft');
      const ids = await seedReachableLeads(t.dataSource, A, 3);
      await add(campaign.id, { leadIds: ids.slice(0, 2) });
      await t.dataSource.query(`UPDATE campaign_audience SET status = 'succeeded', attempts = 1 WHERE campaign_id = $1 AND lead_id = $2`, [campaign.id, ids[0]]);
      await add(campaign.id, { leadIds: [ids[2]] });
      expect(await read(campaign.id)).toMatchObject({ metrics: { totalContacts: 3, pending: 2 } });
    });
  });
});
