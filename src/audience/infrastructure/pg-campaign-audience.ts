import { isUuid, NotFoundError, ValidationError } from '../../../seedwork/domain/index.js';
import { prepared, type Database } from '../../../seedwork/infrastructure/database/database.js';
import type {
  AudienceAddition, AudienceAdditionRequest, AudienceCursor, AudienceMember, AudienceMemberStatus, AudienceRemoval, AudienceSourceJson,
  CampaignAudience,
} from '../../campaigns/index.js';
import { SegmentCriteria } from '../domain/segment-criteria.js';
import { predefinedSegment } from '../domain/segment-predefined.js';
import type { SegmentRepository } from '../domain/segment-repository.js';
import { channelExclusions, segmentWhere, SqlParams } from './segment-sql.js';

/** At most this many ids in one `leadIds` request. */
export const MAX_LEAD_IDS = 10_000;

interface Selection {
  /** WHERE over `leads`, brand filter included. */
  where: string;
  params: SqlParams;
  source: AudienceSourceJson;
}

interface SnapshotCounts {
  matched: number;
  added: number;
  opted_out: number;
  unreachable: number;
  total: number;
  pending: number;
}

const TOTALS = prepared('campaign_audience_totals',
  `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM campaign_audience WHERE campaign_id = $1`);

// The member is read and deleted in one statement; only a member never attempted goes.
const REMOVE = prepared('campaign_audience_remove', `WITH member AS (
    SELECT status, attempts FROM campaign_audience WHERE campaign_id = $1 AND lead_id = $2 AND brand_id = $3
  ), removed AS (
    DELETE FROM campaign_audience WHERE campaign_id = $1 AND lead_id = $2 AND brand_id = $3 AND status = 'pending' AND attempts = 0
    RETURNING 1
  )
  SELECT member.status, member.attempts, (SELECT count(*) FROM removed)::int AS removed FROM member`);

const CLEAR = prepared('campaign_audience_clear', `DELETE FROM campaign_audience WHERE campaign_id = $1 AND brand_id = $2`);

const LIST = prepared('campaign_audience_list', `SELECT lead_id, status, attempts, last_attempt_at, priority, added_at
    FROM campaign_audience
   WHERE campaign_id = $1 AND brand_id = $2 AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR lead_id > $4)
   ORDER BY lead_id LIMIT $5`);

/**
 * Campaign audiences on PostgreSQL (`campaign_audience`), the port the campaign side calls inside
 * its own unit of work while it holds the campaign's row lock. Every statement filters leads by
 * the campaign's brand, so no id, segment or criteria can reach another brand's leads.
 */
export class PgCampaignAudience implements CampaignAudience {
  constructor(private readonly db: Database, private readonly segments: SegmentRepository) {}

  async add(request: AudienceAdditionRequest): Promise<AudienceAddition> {
    const { where, params, source } = await this.select(request);
    const brand = params.add(request.brandId, 'text');
    const campaign = params.add(request.campaignId, 'uuid');
    const { optedOut, unreachable } = channelExclusions(request.channel, params);
    // One statement: classify the matching leads, insert the eligible ones that are not members
    // yet (ON CONFLICT: a member is never added twice), count everything from the same snapshot.
    // The audience's totals are the members before it (the statement's snapshot does not see its
    // own inserts) plus the added ones, all `pending`.
    const [counts] = await this.db.query<SnapshotCounts>(
      `WITH before AS (
         SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'pending')::int AS pending
           FROM campaign_audience WHERE campaign_id = ${campaign}
       ), candidates AS MATERIALIZED (
         SELECT id,
                ${optedOut} AS opted_out,
                ${unreachable} AS unreachable,
                EXISTS (SELECT 1 FROM campaign_audience a WHERE a.campaign_id = ${campaign} AND a.lead_id = leads.id) AS present
           FROM leads
          WHERE ${where}
       ), inserted AS (
         INSERT INTO campaign_audience (campaign_id, lead_id, brand_id, priority, added_at)
         SELECT ${campaign}, id, ${brand}, ${params.add(request.priority, 'int')}, ${params.add(request.now, 'timestamptz')}
           FROM candidates
          WHERE NOT present AND NOT opted_out AND NOT unreachable
         ON CONFLICT (campaign_id, lead_id) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS matched,
              (SELECT count(*) FROM inserted)::int AS added,
              count(*) FILTER (WHERE NOT present AND opted_out)::int AS opted_out,
              count(*) FILTER (WHERE NOT present AND NOT opted_out AND unreachable)::int AS unreachable,
              (SELECT total FROM before) + (SELECT count(*) FROM inserted)::int AS total,
              (SELECT pending FROM before) + (SELECT count(*) FROM inserted)::int AS pending
         FROM candidates`,
      params.values,
    );
    const { matched, added, opted_out: optedOutCount, unreachable: unreachableCount, total, pending } = counts!;
    return {
      source: source.type === 'leadIds' ? { ...source, notFound: source.requested - matched } : source,
      added,
      // Whatever matched and was neither added nor excluded was a member already.
      alreadyPresent: matched - added - optedOutCount - unreachableCount,
      excluded: { optedOut: optedOutCount, unreachable: unreachableCount },
      totalContacts: total,
      pending,
    };
  }

  async remove({ campaignId, brandId, leadId }: { campaignId: string; brandId: string; leadId: string }): Promise<AudienceRemoval> {
    if (!isUuid(leadId)) return { outcome: 'absent' };
    const [member] = await this.db.query<{ status: AudienceMemberStatus; attempts: number; removed: number }>(REMOVE, [campaignId, leadId, brandId]);
    if (!member) return { outcome: 'absent' };
    if (member.removed === 0) return { outcome: 'attempted', status: member.status, attempts: member.attempts };
    return { outcome: 'removed', ...(await this.totals(campaignId)) };
  }

  async clear({ campaignId, brandId }: { campaignId: string; brandId: string }): Promise<void> {
    await this.db.execute(CLEAR, [campaignId, brandId]);
  }

  async list(
    { campaignId, brandId, status }: { campaignId: string; brandId: string; status?: AudienceMemberStatus },
    limit: number,
    after?: AudienceCursor,
  ): Promise<AudienceMember[]> {
    const rows = await this.db.query<{
      lead_id: string; status: AudienceMemberStatus; attempts: number; last_attempt_at: Date | null; priority: number; added_at: Date;
    }>(LIST, [campaignId, brandId, status ?? null, after?.leadId ?? null, limit]);
    return rows.map((r) => ({
      leadId: r.lead_id,
      status: r.status,
      attempts: r.attempts,
      lastAttemptAt: r.last_attempt_at,
      priority: r.priority,
      addedAt: r.added_at,
    }));
  }

  private async totals(campaignId: string): Promise<{ totalContacts: number; pending: number }> {
    const [row] = await this.db.query<{ total: number; pending: number }>(TOTALS, [campaignId]);
    return { totalContacts: row!.total, pending: row!.pending };
  }

  /** The leads a source names, always within the campaign's brand. */
  private async select({ source, brandId, now }: AudienceAdditionRequest): Promise<Selection> {
    switch (source.kind) {
      case 'leadIds': {
        const bad = source.leadIds.findIndex((id) => typeof id !== 'string' || !isUuid(id));
        if (bad >= 0) throw ValidationError.single(`leadIds[${bad}]`, 'must be a lead id (UUID)');
        if (source.leadIds.length === 0 || source.leadIds.length > MAX_LEAD_IDS) {
          throw ValidationError.single('leadIds', `must hold 1 to ${MAX_LEAD_IDS} lead ids`);
        }
        const ids = [...new Set(source.leadIds.map((id) => id.toLowerCase()))];
        const params = new SqlParams();
        const where = `brand_id = ${params.add(brandId, 'text')} AND id = ANY(${params.add(ids, 'uuid[]')})`;
        return { where, params, source: { type: 'leadIds', requested: ids.length, notFound: 0 } };
      }
      case 'segment': {
        const { segmentId } = source;
        const predefined = predefinedSegment(segmentId);
        // Looked up in the campaign's brand only: another brand's segment is as unknown as a missing one.
        const saved = predefined ? undefined : isUuid(segmentId) ? await this.segments.findById(segmentId, [brandId]) : null;
        if (!predefined && !saved) throw new NotFoundError('Segment', segmentId);
        const criteria = predefined ? predefined.criteria : saved!.criteria;
        const { where, params } = segmentWhere(criteria, { brandId, now });
        const name = predefined ? predefined.name : saved!.name;
        return { where, params, source: { type: 'segment', segmentId, name, criteria: criteria.toJSON() } };
      }
      case 'criteria': {
        const criteria = SegmentCriteria.parse(source.criteria, 'criteria');
        const { where, params } = segmentWhere(criteria, { brandId, now });
        return { where, params, source: { type: 'criteria', criteria: criteria.toJSON() } };
      }
    }
  }
}
