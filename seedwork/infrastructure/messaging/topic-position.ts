/**
 * Where a message sits in a topic: Pulsar stores a topic as a sequence of ledgers of entries, so
 * (ledgerId, entryId) orders its messages. Used to tell when a reader has reached the message that
 * was last when a replay began.
 */
export interface TopicPosition {
  readonly ledgerId: bigint;
  readonly entryId: bigint;
}

export function comparePositions(a: TopicPosition, b: TopicPosition): number {
  if (a.ledgerId !== b.ledgerId) return a.ledgerId < b.ledgerId ? -1 : 1;
  return a.entryId === b.entryId ? 0 : a.entryId < b.entryId ? -1 : 1;
}

/**
 * Reads the position out of a message id as both transports give it: base64 of Pulsar's
 * `MessageIdData` protobuf (`MessageId.serialize()` natively; the WebSocket API sends the same
 * bytes), whose fields 1 and 2 are the ledger and entry ids as varints.
 */
export function messagePosition(messageId: string): TopicPosition {
  const bytes = Buffer.from(messageId, 'base64');
  const fields = new Map<number, bigint>();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; at < bytes.length; shift += 7n) {
      const byte = bytes[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error(`truncated message id ${messageId}`);
  };
  while (at < bytes.length && !(fields.has(1) && fields.has(2))) {
    const tag = Number(varint());
    const wireType = tag & 7;
    if (wireType === 0) fields.set(tag >> 3, varint());
    else if (wireType === 2) {
      const length = Number(varint()); // length-delimited (ack set, chunk id): skipped
      at += length;
    } else throw new Error(`unexpected protobuf wire type ${wireType} in message id ${messageId}`);
  }
  const ledgerId = fields.get(1);
  const entryId = fields.get(2);
  if (ledgerId === undefined || entryId === undefined) throw new Error(`message id ${messageId} has no ledger and entry id`);
  return { ledgerId, entryId };
}

/** `persistent://t/ns/name` → `persistent/t/ns/name`, as the admin API paths spell it. */
function adminPath(topic: string): string {
  const match = /^(persistent|non-persistent):\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(topic);
  if (!match) throw new Error(`Not a full topic name: ${topic}`);
  return match.slice(1).map(encodeURIComponent).join('/');
}

/** The position of the topic's last message (admin API), or undefined when it has none. */
export async function lastMessagePosition(adminUrl: string, topic: string): Promise<TopicPosition | undefined> {
  const response = await fetch(`${adminUrl.replace(/\/+$/, '')}/admin/v2/${adminPath(topic)}/lastMessageId`, { signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`last message id of ${topic}: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { ledgerId: number; entryId: number };
  return body.entryId < 0 ? undefined : { ledgerId: BigInt(body.ledgerId), entryId: BigInt(body.entryId) };
}

/** Messages stored in the topic (unbatched publishing: one per entry), for progress estimates. */
export async function storedMessageCount(adminUrl: string, topic: string): Promise<number | undefined> {
  const response = await fetch(`${adminUrl.replace(/\/+$/, '')}/admin/v2/${adminPath(topic)}/internalStats`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { numberOfEntries?: number };
  return body.numberOfEntries;
}
