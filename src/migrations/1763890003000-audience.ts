import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Leads (contacts in a sales pipeline), saved segments, CSV imports and campaign audiences. */
export class Audience1763890003000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE leads (
        id                 uuid        PRIMARY KEY,
        brand_id           text        NOT NULL,
        first_name         text        NOT NULL DEFAULT '',
        last_name          text        NOT NULL DEFAULT '',
        phone              text,
        email              text,
        timezone           text,
        region             text,
        tags               text[]      NOT NULL DEFAULT '{}',
        custom_fields      jsonb       NOT NULL DEFAULT '{}',
        score              integer     NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
        stage              text        NOT NULL DEFAULT 'new',
        stage_entered_at   timestamptz NOT NULL,
        assigned_to        text,
        treatment          text        NOT NULL,
        next_action_at     timestamptz,
        notes              text        NOT NULL DEFAULT '',
        do_not_contact     boolean     NOT NULL DEFAULT false,
        opted_out_channels text[]      NOT NULL DEFAULT '{}',
        consent_reason     text,
        consent_updated_at timestamptz NOT NULL,
        last_contacted_at  timestamptz,
        interactions       integer     NOT NULL DEFAULT 0,
        version            integer     NOT NULL,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL,
        CONSTRAINT leads_reachable CHECK (phone IS NOT NULL OR email IS NOT NULL)
      )`);
    // Phone is unique per brand after E.164 normalisation (API.md).
    await q.query(`CREATE UNIQUE INDEX leads_brand_phone_key ON leads (brand_id, phone) WHERE phone IS NOT NULL`);
    await q.query(`CREATE INDEX leads_brand_email_idx ON leads (brand_id, lower(email)) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX leads_brand_created_idx ON leads (brand_id, created_at DESC, id DESC)`);
    // Segment previews filter by brand plus stage/score/dates, tags and custom fields.
    await q.query(`CREATE INDEX leads_brand_stage_score_idx ON leads (brand_id, stage, score)`);
    await q.query(`CREATE INDEX leads_brand_last_contacted_idx ON leads (brand_id, last_contacted_at)`);
    await q.query(`CREATE INDEX leads_tags_gin ON leads USING gin (tags)`);
    await q.query(`CREATE INDEX leads_custom_fields_gin ON leads USING gin (custom_fields jsonb_path_ops)`);

    await q.query(`
      CREATE TABLE segments (
        id         uuid        PRIMARY KEY,
        brand_id   text        NOT NULL,
        name       text        NOT NULL,
        criteria   jsonb       NOT NULL,
        version    integer     NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX segments_brand_created_idx ON segments (brand_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE lead_imports (
        id              uuid        PRIMARY KEY,
        brand_id        text        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        on_duplicate    text        NOT NULL CHECK (on_duplicate IN ('skip', 'update')),
        default_country text,
        rows_total      integer     NOT NULL DEFAULT 0,
        rows_imported   integer     NOT NULL DEFAULT 0,
        rows_updated    integer     NOT NULL DEFAULT 0,
        rows_skipped    integer     NOT NULL DEFAULT 0,
        rows_rejected   integer     NOT NULL DEFAULT 0,
        failure_reason  text,
        -- The file's header as written, so errors.csv can give each rejected row back under it.
        columns         text[]      NOT NULL DEFAULT '{}',
        -- SHA-256 of the body, kept only for an Idempotency-Key replay to compare the file it sends.
        body_sha256     text,
        created_by      text        NOT NULL,
        started_at      timestamptz NOT NULL,
        -- Last committed batch: progress freshness for the client.
        updated_at      timestamptz NOT NULL,
        finished_at     timestamptz
      )`);
    await q.query(`CREATE INDEX lead_imports_running_idx ON lead_imports (status) WHERE status = 'running'`);
    await q.query(`
      CREATE TABLE lead_import_errors (
        import_id  uuid    NOT NULL REFERENCES lead_imports (id) ON DELETE CASCADE,
        brand_id   text    NOT NULL,
        row_number integer NOT NULL,
        field      text    NOT NULL,
        message    text    NOT NULL,
        -- The rejected row's cells as a JSON array of strings, for errors.csv.
        raw        text    NOT NULL DEFAULT '',
        PRIMARY KEY (import_id, row_number, field)
      )`);

    // A campaign's audience: one member per lead, never twice (the lead's campaign history).
    await q.query(`
      CREATE TABLE campaign_audience (
        campaign_id     uuid        NOT NULL,
        lead_id         uuid        NOT NULL,
        brand_id        text        NOT NULL,
        status          text        NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'in_progress', 'succeeded', 'failed', 'excluded')),
        priority        integer     NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
        attempts        integer     NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        added_at        timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, lead_id)
      )`);
    await q.query(`CREATE INDEX campaign_audience_lead_idx ON campaign_audience (lead_id)`);
    await q.query(`CREATE INDEX campaign_audience_status_idx ON campaign_audience (campaign_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_audience`);
    await q.query(`DROP TABLE lead_import_errors`);
    await q.query(`DROP TABLE lead_imports`);
    await q.query(`DROP TABLE segments`);
    await q.query(`DROP TABLE leads`);
  }
}
