// `npm run import -- --brand acme --file leads.csv [--on-duplicate update] [--default-country CO]`:
// the same import as POST /api/v1/leads/imports, run in this process against DATABASE_URL (else
// the embedded PostgreSQL of `npm start`), with a progress bar and a summary.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { ValidationError } from '../../../seedwork/domain/index.js';
import type { ExecutionContext } from '../../../seedwork/application/index.js';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { loadConfig } from '../../app/config.js';
import { openCliDatabase } from '../../app/cli/cli-database.js';
import { buildContainer } from '../../app/container.js';
import { SystemClock } from '../../app/system-clock.js';
import { migrations } from '../../migrations/index.js';
import { LeadImports } from '../application/import-leads.js';
import { LeadImportFileError, LeadImportTooLargeError } from '../application/import-leads-errors.js';
import { DUPLICATE_POLICIES, leadImportOptions } from '../application/import-leads-options.js';
import { GetLeadImport } from '../application/import-leads-queries.js';
import type { ImportSummary } from '../application/import-leads-run.js';

const SHOWN_ERRORS = 10;

const cli = new Command()
  .name('import')
  .description('Import leads from a CSV file into a brand (what POST /api/v1/leads/imports does), with a progress bar')
  .requiredOption('--brand <id>', 'brand the leads are imported into')
  .requiredOption('--file <path>', 'CSV file: UTF-8, `,` or `;`, a header naming phone and/or email and any lead field or custom field')
  .addOption(new Option('--on-duplicate <policy>', 'what a row matching an existing lead does').choices(DUPLICATE_POLICIES).default('skip'))
  .option('--default-country <code>', 'country national phone numbers are read in, e.g. CO')
  .parse()
  .opts<{ brand: string; file: string; onDuplicate: string; defaultCountry?: string }>();

/** A problem with what was asked (options, file), reported without a stack trace. */
class UsageError extends Error {}

function printSummary(summary: ImportSummary, errors: ReadonlyArray<{ row: number; field: string; message: string }>): void {
  const lines = [
    `import ${summary.id}: ${summary.status}`,
    `  rows ${summary.rowsTotal}: ${summary.rowsImported} imported, ${summary.rowsUpdated} updated, ${summary.rowsSkipped} skipped, ${summary.rowsRejected} rejected`,
    ...(summary.failureReason ? [`  failed: ${summary.failureReason}`] : []),
    ...errors.slice(0, SHOWN_ERRORS).map((e) => `  row ${e.row}, ${e.field}: ${e.message}`),
    ...(summary.rowsRejected > 0 ? [`  every rejected row: GET /api/v1/leads/imports/${summary.id}/errors.csv`] : []),
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  let options;
  try {
    options = leadImportOptions({ brandId: cli.brand, onDuplicate: cli.onDuplicate, defaultCountry: cli.defaultCountry });
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(error.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
    throw error;
  }
  const { size } = await stat(cli.file).catch(() => {
    throw new UsageError(`Cannot read ${cli.file}`);
  });

  const database = await openCliDatabase(loadConfig());
  const dataSource = createDataSource({ url: database.url, migrations, poolSize: 2, applicationName: 'campaign-service-import-cli' });
  await dataSource.initialize();
  try {
    const app = buildContainer(dataSource, new SystemClock());
    const imports = app.container.get(LeadImports);
    const context: ExecutionContext = {
      actor: { sub: `cli:${userInfo().username}`, role: 'system', brands: [] },
      correlationId: `cli-import-${randomUUID()}`,
    };
    let summary: ImportSummary;
    try {
      const prepared = await imports.prepare(context, options, await imports.open(createReadStream(cli.file)));
      const started = Date.now();
      const bar = new cliProgress.SingleBar(
        { format: 'importing |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(size, 0, { rows: 0, rate: 0 });
      summary = await prepared.run((progress) => {
        const seconds = (Date.now() - started) / 1000;
        bar.update(progress.bytesRead, { rows: progress.rowsTotal, rate: Math.round(progress.rowsTotal / Math.max(seconds, 0.001)) });
      }).finished;
      if (summary.status === 'completed') bar.update(size);
      bar.stop();
    } catch (error) {
      if (error instanceof LeadImportFileError) throw new UsageError(error.reason);
      if (error instanceof LeadImportTooLargeError) throw new UsageError(error.message);
      throw error;
    }
    if (summary.unexpectedError) console.error(summary.unexpectedError);
    printSummary(summary, (await app.queries.execute(new GetLeadImport(context, summary.id))).errors);
    return summary.status === 'completed' ? 0 : 1;
  } finally {
    await dataSource.destroy();
    await database.close();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  if (error instanceof UsageError) console.error(error.message);
  else console.error('The import could not run:', error);
  process.exit(2);
});
