import type { AudienceSourceJson, AudienceTotals } from '../domain/campaign-events.js';
import type { CampaignChannel } from '../domain/campaign-state.js';

// The port the campaign side needs from whoever keeps audiences (the audience module implements
// it): set-based snapshots of leads into `campaign_audience`, and the counts the Campaign
// aggregate records. Only types cross the module boundary, never classes.

/** Which leads to add: explicit ids, a saved or predefined segment, or inline criteria. */
export type AudienceSource =
  | { readonly kind: 'leadIds'; readonly leadIds: readonly string[] }
  | { readonly kind: 'segment'; readonly segmentId: string }
  /** Raw JSON of the criteria language; the audience store validates it (400 names the bad node). */
  | { readonly kind: 'criteria'; readonly criteria: unknown };

export interface AudienceAdditionRequest {
  readonly campaignId: string;
  /** The campaign's brand: only its leads and segments are ever read. */
  readonly brandId: string;
  /** Leads opted out of it, or without the contact it needs, are excluded. */
  readonly channel: CampaignChannel;
  readonly source: AudienceSource;
  readonly priority: number;
  readonly now: Date;
}

/** What one snapshot did, measured by the statement that took it, plus the audience's totals after it. */
export interface AudienceAddition extends AudienceTotals {
  readonly source: AudienceSourceJson;
  readonly added: number;
  readonly alreadyPresent: number;
  readonly excluded: { readonly optedOut: number; readonly unreachable: number };
}

export type AudienceRemoval =
  | ({ readonly outcome: 'removed' } & AudienceTotals)
  | { readonly outcome: 'absent' }
  /** Already attempted (or no longer pending): it stays, with its delivery history. */
  | { readonly outcome: 'attempted'; readonly status: AudienceMemberStatus; readonly attempts: number };

export const AUDIENCE_MEMBER_STATUSES = ['pending', 'in_progress', 'succeeded', 'failed', 'excluded'] as const;
export type AudienceMemberStatus = (typeof AUDIENCE_MEMBER_STATUSES)[number];

export interface AudienceMember {
  readonly leadId: string;
  readonly status: AudienceMemberStatus;
  readonly attempts: number;
  readonly lastAttemptAt: Date | null;
  readonly priority: number;
  readonly addedAt: Date;
}

/** Position of the last member served; a list resumes strictly after it (by lead id). */
export interface AudienceCursor {
  leadId: string;
}

export interface CampaignAudience {
  /** Adds a snapshot in one set-based statement, in the caller's unit of work. */
  add(request: AudienceAdditionRequest): Promise<AudienceAddition>;
  /** Removes a member only while pending and never attempted, in the caller's unit of work. */
  remove(request: { readonly campaignId: string; readonly brandId: string; readonly leadId: string }): Promise<AudienceRemoval>;
  /** Removes every member, when the campaign itself is deleted (a draft, never attempted). */
  clear(request: { readonly campaignId: string; readonly brandId: string }): Promise<void>;
  /** Members by lead id; `limit + 1` rows tell whether a next page exists. */
  list(
    request: { readonly campaignId: string; readonly brandId: string; readonly status?: AudienceMemberStatus },
    limit: number,
    after?: AudienceCursor,
  ): Promise<AudienceMember[]>;
}

export const CAMPAIGN_AUDIENCE = Symbol.for('CampaignAudience');
