// An independent evaluation of the criteria language of API.md over seeded leads, written from the
// contract rather than from the compiler, so tests can compute every segment's members in JS and
// compare them with what PostgreSQL returns.
import type { LeadSeed } from './lead-seeds.js';

const DAY_MS = 86_400_000;

type Json = any;

const FIELD_VALUE: Record<string, (l: LeadSeed) => unknown> = {
  stage: (l) => l.stage,
  score: (l) => l.score,
  tags: (l) => l.tags,
  region: (l) => l.region,
  timezone: (l) => l.timezone,
  assignedTo: (l) => l.assignedTo,
  treatment: (l) => l.treatment,
  createdAt: (l) => l.createdAt,
  lastContactedAt: (l) => l.lastContactedAt,
  interactions: (l) => l.interactions,
};

const time = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(/T/.test(v) ? v : `${v}T00:00:00.000Z`) : (v as number));

function sameValue(a: unknown, b: unknown): boolean {
  // Custom fields are typed: the number 5 and the text "5" differ.
  return typeof a === typeof b && a === b;
}

/** Does one condition hold for the lead? */
function holds(lead: LeadSeed, { field, op, value }: { field: string; op: string; value: Json }, now: Date): boolean {
  const custom = field.startsWith('customFields.');
  const key = field.slice('customFields.'.length);
  const present = custom ? Object.hasOwn(lead.customFields, key) : field === 'tags' ? lead.tags.length > 0 : FIELD_VALUE[field]!(lead) !== null;
  const v: unknown = custom ? (present ? lead.customFields[key] : undefined) : FIELD_VALUE[field]!(lead);
  const isDate = field === 'createdAt' || field === 'lastContactedAt';
  // Ordering compares numbers (and dates); a custom field holding text never matches.
  const ordered = (test: (x: number) => boolean) => present && (isDate ? test(time(v)) : typeof v === 'number' && test(v));
  switch (op) {
    case 'eq': return present && sameValue(v, value);
    case 'neq': return !(present && sameValue(v, value));
    case 'in': return present && (value as unknown[]).some((x) => sameValue(v, x));
    case 'nin': return !(present && (value as unknown[]).some((x) => sameValue(v, x)));
    case 'gt': return ordered((x) => x > time(value));
    case 'gte': return ordered((x) => x >= time(value));
    case 'lt': return ordered((x) => x < time(value));
    case 'lte': return ordered((x) => x <= time(value));
    case 'between': return ordered((x) => x >= time(value[0]) && x <= time(value[1]));
    case 'contains_any': return (value as string[]).some((t) => lead.tags.includes(t));
    case 'contains_all': return (value as string[]).every((t) => lead.tags.includes(t));
    case 'exists': return value ? present : !present;
    case 'within_last_days': return present && time(v) >= now.getTime() - value * DAY_MS;
    case 'not_within_last_days': return !(present && time(v) >= now.getTime() - value * DAY_MS);
    default: throw new Error(`unknown op ${op}`);
  }
}

/** Does the lead match the criteria tree? */
export function matches(lead: LeadSeed, node: Json, now: Date): boolean {
  if (Array.isArray(node.all)) return node.all.every((n: Json) => matches(lead, n, now));
  if (Array.isArray(node.any)) return node.any.some((n: Json) => matches(lead, n, now));
  return holds(lead, node, now);
}

/** Would a send on `channel` reach the lead? (not opted out, and has the contact the channel needs) */
export function exclusionOf(lead: LeadSeed, channel: string): 'optedOut' | 'unreachable' | null {
  if (lead.doNotContact || lead.optedOutChannels.includes(channel)) return 'optedOut';
  if (channel === 'email' ? lead.email === null : lead.phone === null) return 'unreachable';
  return null;
}

/** A small deterministic generator, so a failing seed can be replayed. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    subset: <T>(items: readonly T[], p: number): T[] => items.filter(() => next() < p),
  };
}
