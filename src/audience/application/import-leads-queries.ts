import { inject, injectable } from 'inversify';
import { NotFoundError, type Clock } from '../../../seedwork/domain/index.js';
import { brandScopeOf, CLOCK, Query, type ExecutionContext, type Handler } from '../../../seedwork/application/index.js';
import { LEAD_IMPORT_STORE, type LeadImportStore, type RejectedRowRecord } from './import-leads-store.js';
import type { LeadImportView } from './import-leads-view.js';

/** Why an import whose process is gone is failed; the counts tell how far its committed batches got. */
export const ABANDONED_REASON =
  'The process running the import stopped (crash or restart) before the end of the file; ' +
  'the rows counted here were committed in whole batches, the rest of the file was not imported';

const PAGE = 1_000;

export class GetLeadImport extends Query<LeadImportView> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetLeadImportHandler implements Handler<GetLeadImport, LeadImportView> {
  constructor(@inject(LEAD_IMPORT_STORE) private readonly store: LeadImportStore, @inject(CLOCK) private readonly clock: Clock) {}

  async execute({ context, id }: GetLeadImport): Promise<LeadImportView> {
    const scope = brandScopeOf(context.actor);
    const found = await this.store.find(id, scope);
    if (!found) throw new NotFoundError('Lead import', id);
    // A running import is checked for a live owner at every read, so a crash shows as soon as anyone looks.
    if (found.status !== 'running' || (await this.store.failAbandoned(ABANDONED_REASON, this.clock.now(), id)) === 0) return found;
    return (await this.store.find(id, scope))!;
  }
}

/** An import's rejected rows under the file's header, read page by page. */
export interface LeadImportRejections {
  readonly header: readonly string[];
  readonly pages: AsyncIterable<readonly RejectedRowRecord[]>;
}

export class GetLeadImportRejections extends Query<LeadImportRejections> {
  constructor(context: ExecutionContext, readonly id: string) {
    super(context);
  }
}

@injectable()
export class GetLeadImportRejectionsHandler implements Handler<GetLeadImportRejections, LeadImportRejections> {
  constructor(@inject(LEAD_IMPORT_STORE) private readonly store: LeadImportStore) {}

  async execute({ context, id }: GetLeadImportRejections): Promise<LeadImportRejections> {
    const header = await this.store.header(id, brandScopeOf(context.actor));
    if (!header) throw new NotFoundError('Lead import', id);
    const store = this.store;
    async function* pages(): AsyncIterable<readonly RejectedRowRecord[]> {
      for (let after = 0; ;) {
        const page = await store.rejectedRows(id, after, PAGE);
        if (page.length > 0) yield page;
        if (page.length < PAGE) return;
        after = page[page.length - 1]!.row;
      }
    }
    return { header, pages: pages() };
  }
}
