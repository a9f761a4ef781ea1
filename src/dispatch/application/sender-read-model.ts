import type { BrandScope } from '../../../seedwork/domain/index.js';
import type { SenderChannel, SenderProvider, SenderState, SenderStatus } from '../domain/sender-state.js';

export interface SenderListFilter {
  brandId?: string;
  channel?: SenderChannel;
  provider?: SenderProvider;
  status?: SenderStatus;
}

/** Position of the last item served; the list resumes strictly after it (newest first). */
export interface SenderCursor {
  createdAt: string;
  id: string;
}

/** Read side of senders: queries that need no aggregate (dispatch picks a brand's active senders on a channel with `list`). */
export interface SenderReadModel {
  findById(id: string, scope: BrandScope): Promise<SenderState | null>;
  /** Newest first; `limit + 1` rows tell whether a next page exists. */
  list(filter: SenderListFilter, scope: BrandScope, limit: number, after?: SenderCursor): Promise<Array<{ state: SenderState; cursor: SenderCursor }>>;
}

export const SENDER_READ_MODEL = Symbol.for('SenderReadModel');
