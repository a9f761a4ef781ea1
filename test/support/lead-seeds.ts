// Leads written straight into `leads` with SQL: segment and audience tests need hundreds of them
// with exact field values (creation and contact times included) that no API would let a client set.
// One statement per call (jsonb_populate_recordset), whatever the number of leads.
import type { DataSource } from 'typeorm';
import { newId } from '../../seedwork/domain/index.js';

export interface LeadSeed {
  id: string;
  brandId: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
  timezone: string | null;
  region: string | null;
  tags: string[];
  customFields: Record<string, string | number | boolean>;
  score: number;
  stage: string;
  assignedTo: string | null;
  treatment: string;
  doNotContact: boolean;
  optedOutChannels: string[];
  lastContactedAt: Date | null;
  interactions: number;
  createdAt: Date;
}

const SEED_TIME = new Date('2026-11-01T08:00:00.000Z');
let serial = 0;
// Phones are unique per brand: a per-process prefix plus a serial keeps every seeded one distinct.
const PREFIX = String(Math.floor(Math.random() * 900) + 100);

/** A unique E.164 phone for a seeded lead. */
export function uniquePhone(): string {
  return `+57${PREFIX}${String(++serial).padStart(7, '0')}`;
}

/** A lead reachable on every channel, opted out of none; override what the test is about. */
export function aLeadSeed(overrides: Partial<LeadSeed> & { brandId: string }): LeadSeed {
  const id = overrides.id ?? newId();
  return {
    id,
    firstName: 'Seeded',
    lastName: `Lead ${serial}`,
    phone: uniquePhone(),
    email: `lead-${id.slice(-12)}@example.com`,
    timezone: 'America/Bogota',
    region: null,
    tags: [],
    customFields: {},
    score: 0,
    stage: 'new',
    assignedTo: null,
    treatment: 'automated_call',
    doNotContact: false,
    optedOutChannels: [],
    lastContactedAt: null,
    interactions: 0,
    createdAt: SEED_TIME,
    ...overrides,
  };
}

/** Inserts the leads in one statement and returns them as written. */
export async function seedLeads(dataSource: DataSource, seeds: LeadSeed[]): Promise<LeadSeed[]> {
  if (seeds.length === 0) return seeds;
  const rows = seeds.map((s) => ({
    id: s.id,
    brand_id: s.brandId,
    first_name: s.firstName,
    last_name: s.lastName,
    phone: s.phone,
    email: s.email,
    timezone: s.timezone,
    region: s.region,
    tags: s.tags,
    custom_fields: s.customFields,
    score: s.score,
    stage: s.stage,
    stage_entered_at: s.createdAt,
    assigned_to: s.assignedTo,
    treatment: s.treatment,
    next_action_at: null,
    notes: '',
    do_not_contact: s.doNotContact,
    opted_out_channels: s.optedOutChannels,
    consent_reason: null,
    consent_updated_at: s.createdAt,
    last_contacted_at: s.lastContactedAt,
    interactions: s.interactions,
    version: 1,
    created_at: s.createdAt,
    updated_at: s.createdAt,
  }));
  // Columns named, so a column added later takes its default.
  const columns = Object.keys(rows[0]!).join(', ');
  await dataSource.query(`INSERT INTO leads (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::leads, $1::jsonb)`, [JSON.stringify(rows)]);
  return seeds;
}

/** Seeds `count` reachable leads of a brand and returns their ids. */
export async function seedReachableLeads(dataSource: DataSource, brandId: string, count = 1): Promise<string[]> {
  const seeds = await seedLeads(dataSource, Array.from({ length: count }, () => aLeadSeed({ brandId })));
  return seeds.map((s) => s.id);
}
