import type { LeadImportSettings } from '../application/import-leads.js';

const MB = 1024 * 1024;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return n;
}

/**
 * IMPORT_MAX_BYTES (default 200 MiB) bounds an uploaded file; IMPORT_BATCH_SIZE (default 2,000
 * rows) sets how many rows commit together. Per-transaction costs are already small at 2,000
 * rows: in `npm run bench` 5,000 and 20,000 rows used no less CPU per row (Node and PostgreSQL
 * alike), while a batch's rows stay alive across the wait for the previous commit, which V8
 * repays with a larger heap (peak RSS about 255 MB at 2,000 rows, 280–330 MB at 5,000, 560 MB at
 * 20,000, against a goal of 300 MB).
 */
export function leadImportSettingsFrom(env: NodeJS.ProcessEnv): LeadImportSettings {
  return {
    maxBytes: integer(env, 'IMPORT_MAX_BYTES', 200 * MB, 1, Number.MAX_SAFE_INTEGER),
    batchSize: integer(env, 'IMPORT_BATCH_SIZE', 2_000, 1, 50_000),
  };
}
