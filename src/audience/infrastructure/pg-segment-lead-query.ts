import type { Database } from '../../../seedwork/infrastructure/database/database.js';
import type { SegmentLeadQuery, SegmentPreviewRequest, SegmentPreviewResult } from '../application/segment-lead-query.js';
import { toLeadState } from './lead.mapper.js';
import type { LeadRow } from './lead.schema.js';
import { channelExclusions, segmentWhere } from './segment-sql.js';

interface Counts {
  total: number;
  opted_out: number;
  unreachable: number;
}

/** Criteria evaluated by PostgreSQL: one compiled WHERE clause, a count and a newest-first sample. */
export class PgSegmentLeadQuery implements SegmentLeadQuery {
  constructor(private readonly db: Database) {}

  async preview({ criteria, brandId, channel, now, sampleSize }: SegmentPreviewRequest): Promise<SegmentPreviewResult> {
    // Each statement compiles its own parameter list: PostgreSQL refuses parameters a statement does not use.
    const statement = () => {
      const { where, params } = segmentWhere(criteria, { brandId, now });
      if (!channel) return { where, eligible: 'true', counts: 'count(*)::int AS total, 0 AS opted_out, 0 AS unreachable', params };
      const { optedOut, unreachable } = channelExclusions(channel, params);
      return {
        where,
        eligible: `NOT ${optedOut} AND NOT (${unreachable})`,
        counts: `count(*) FILTER (WHERE NOT ${optedOut} AND NOT (${unreachable}))::int AS total,
          count(*) FILTER (WHERE ${optedOut})::int AS opted_out,
          count(*) FILTER (WHERE NOT ${optedOut} AND ${unreachable})::int AS unreachable`,
        params,
      };
    };
    const count = statement();
    const sample = statement();
    const limit = sample.params.add(sampleSize, 'int');
    const [[counts], rows] = await Promise.all([
      this.db.query<Counts>(`SELECT ${count.counts} FROM leads WHERE ${count.where}`, count.params.values),
      this.db.query<LeadRow>(
        `SELECT * FROM leads WHERE ${sample.where} AND ${sample.eligible} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
        sample.params.values,
      ),
    ]);
    return {
      total: counts!.total,
      ...(channel && { excluded: { optedOut: counts!.opted_out, unreachable: counts!.unreachable } }),
      sample: rows.map(toLeadState),
    };
  }
}
