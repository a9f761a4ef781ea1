import { AggregateRoot, FieldErrorCollector, isUuid, newId } from '../../../seedwork/domain/index.js';
import { SenderEventType, senderSnapshotJson, type SenderEventData, type SenderSettingsJson } from './sender-events.js';
import {
  dailyCap, ratePerSecond, senderAddress, senderBrandId, senderChannel, senderProvider, senderStatus,
} from './sender-rules.js';
import {
  SENDER_AGGREGATE_TYPE, SENDER_WRITABLE_FIELDS,
  type SenderChannel, type SenderState, type SenderWritableField, type SenderWritableFields,
} from './sender-state.js';

/** Raw input: every value is checked by the sender rules. */
export interface CreateSenderInput {
  readonly brandId: unknown;
  readonly channel: unknown;
  readonly provider: unknown;
  readonly address: unknown;
  readonly ratePerSecond: unknown;
  readonly dailyCap?: unknown;
}

export type SenderChanges = { readonly [K in SenderWritableField]?: unknown };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The aggregate's own copy of its state; `version` is derived by AggregateRoot from the events. */
type SenderProps = Mutable<Omit<SenderState, 'version'>>;

const copyDate = (date: Date): Date => new Date(date.getTime());

function copyProps(state: Omit<SenderState, 'version'>): SenderProps {
  return { ...state, createdAt: copyDate(state.createdAt), updatedAt: copyDate(state.updatedAt) };
}

/** Each writable field's rule, given the sender's channel. */
const RULES: { readonly [K in SenderWritableField]: (value: unknown, channel: SenderChannel) => SenderWritableFields[K] } = {
  provider: senderProvider,
  address: senderAddress,
  ratePerSecond,
  dailyCap,
  status: senderStatus,
};

/**
 * One outbound identity of a brand on one channel: a phone number, a Telegram bot, an email
 * address, with the provider that carries it and the limits that provider sets. It holds no
 * credentials: those come from the service's configuration only, so no API call can read or
 * change them.
 */
export class Sender extends AggregateRoot {
  readonly aggregateType = SENDER_AGGREGATE_TYPE;
  readonly #props: SenderProps;

  private constructor(props: SenderProps, persistedVersion: number) {
    super(props.id, props.brandId, persistedVersion);
    this.#props = props;
  }

  /** A new active sender; throws one ValidationError naming every bad field. */
  static create(input: CreateSenderInput, now: Date, id: string = newId()): Sender {
    const errors = new FieldErrorCollector();
    if (!isUuid(id)) errors.add('id', 'must be a UUID');
    const brandId = errors.check(() => senderBrandId(input.brandId));
    const channel = errors.check(() => senderChannel(input.channel));
    // Provider and address are judged by the channel; with no valid channel only it is reported.
    const provider = channel && errors.check(() => senderProvider(input.provider, channel));
    const address = channel && errors.check(() => senderAddress(input.address, channel));
    const rate = errors.check(() => ratePerSecond(input.ratePerSecond));
    const cap = input.dailyCap === undefined ? null : errors.check(() => dailyCap(input.dailyCap));
    errors.throwIfAny();
    const sender = new Sender(
      {
        id,
        brandId: brandId!,
        channel: channel!,
        provider: provider!,
        address: address!,
        ratePerSecond: rate!,
        dailyCap: cap ?? null,
        status: 'active',
        createdAt: copyDate(now),
        updatedAt: copyDate(now),
      },
      0,
    );
    sender.#record(SenderEventType.Created, senderSnapshotJson(sender.#props), now);
    return sender;
  }

  /** Rebuilds a sender from persistence without validating or recording anything. */
  static restore(state: SenderState): Sender {
    const { version, ...props } = state;
    return new Sender(copyProps(props), version);
  }

  /** A copy of the current state, including events recorded but not yet saved. */
  get state(): SenderState {
    return { ...copyProps(this.#props), version: this.version };
  }

  /** Changes writable fields; records SenderUpdated only if a value really changed. */
  update(changes: SenderChanges, now: Date): void {
    const errors = new FieldErrorCollector();
    const valid: Partial<Record<SenderWritableField, unknown>> = {};
    for (const field of SENDER_WRITABLE_FIELDS) {
      if (changes[field] !== undefined) valid[field] = errors.check(() => RULES[field](changes[field], this.#props.channel));
    }
    errors.throwIfAny();
    const diff = { changes: {} as Mutable<Partial<SenderSettingsJson>>, previous: {} as Mutable<Partial<SenderSettingsJson>> };
    for (const field of SENDER_WRITABLE_FIELDS) {
      if (!(field in valid) || valid[field] === this.#props[field]) continue;
      Object.assign(diff.changes, { [field]: valid[field] });
      Object.assign(diff.previous, { [field]: this.#props[field] });
    }
    if (Object.keys(diff.changes).length === 0) return;
    Object.assign(this.#props, diff.changes);
    this.#record(SenderEventType.Updated, diff, now);
  }

  /** Marks the sender for deletion: the repository removes the row, the event log keeps the history. */
  delete(now: Date): void {
    this.#record(SenderEventType.Deleted, {}, now);
  }

  #record<T extends SenderEventType>(type: T, data: SenderEventData[T], now: Date): void {
    this.record(type, data, now);
    this.#props.updatedAt = copyDate(now);
  }
}
