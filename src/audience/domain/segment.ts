import { FieldErrorCollector, isUuid, newId, trimmedText, ValidationError } from '../../../seedwork/domain/index.js';
import { SegmentCriteria, type CriteriaJson } from './segment-criteria.js';

const BRAND_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MAX_SEGMENT_NAME = 200;

/** The brand id rule of every resource (campaigns, leads): 1 to 64 letters, digits, ".", "_" or "-". */
export function segmentBrandId(value: unknown): string {
  if (typeof value !== 'string' || !BRAND_ID.test(value)) {
    throw ValidationError.single('brandId', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
  return value;
}

export interface CreateSegmentInput {
  readonly brandId: string;
  readonly name: string;
  /** Raw JSON; validated into SegmentCriteria. */
  readonly criteria: unknown;
}

/** Plain snapshot of a saved segment: what persistence maps from and to. */
export interface SegmentState {
  readonly id: string;
  readonly brandId: string;
  readonly name: string;
  readonly criteria: CriteriaJson;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A saved segment: named criteria of one brand, evaluated whenever it is previewed or added to a
 * campaign (so "last 7 days" always means the 7 days before that moment). It has no update
 * command, so its version stays 1; it records no events: API.md's event catalogue has none for
 * segments, and a campaign that uses one records the segment's name and criteria in its own
 * CampaignAudienceAdded, so the audit trail survives the segment's deletion.
 */
export class Segment {
  private constructor(
    private readonly props: Omit<SegmentState, 'criteria'>,
    readonly criteria: SegmentCriteria,
  ) {}

  /** A new segment; throws one ValidationError naming every bad field and criteria node. */
  static create(input: CreateSegmentInput, now: Date, id: string = newId()): Segment {
    const errors = new FieldErrorCollector();
    if (!isUuid(id)) errors.add('id', 'must be a UUID');
    const brandId = errors.check(() => segmentBrandId(input.brandId));
    const name = errors.check(() => {
      const trimmed = trimmedText(input.name, 'name', MAX_SEGMENT_NAME);
      if (trimmed === '') throw ValidationError.single('name', 'must not be blank');
      return trimmed;
    });
    const criteria = errors.check(() => SegmentCriteria.parse(input.criteria, 'criteria'));
    errors.throwIfAny();
    return new Segment({ id, brandId: brandId!, name: name!, version: 1, createdAt: new Date(now), updatedAt: new Date(now) }, criteria!);
  }

  /** Rebuilds a stored segment; its criteria are parsed again into the value object. */
  static restore(state: SegmentState): Segment {
    const { criteria, ...props } = state;
    return new Segment({ ...props, createdAt: new Date(props.createdAt), updatedAt: new Date(props.updatedAt) }, SegmentCriteria.parse(criteria));
  }

  get id(): string {
    return this.props.id;
  }

  get brandId(): string {
    return this.props.brandId;
  }

  get name(): string {
    return this.props.name;
  }

  get version(): number {
    return this.props.version;
  }

  get state(): SegmentState {
    return { ...this.props, createdAt: new Date(this.props.createdAt), updatedAt: new Date(this.props.updatedAt), criteria: this.criteria.toJSON() };
  }
}
