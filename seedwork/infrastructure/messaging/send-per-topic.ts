import type { OutgoingMessage } from './message-transport.js';

/**
 * Hands each topic's messages (in array order) to `send`, topics in parallel. Waits until every
 * topic has settled before rethrowing the first failure, so a retry of the batch never overlaps
 * sends still in flight from this attempt.
 */
export async function sendPerTopic(
  messages: readonly OutgoingMessage[],
  send: (topic: string, messages: OutgoingMessage[]) => Promise<void>,
): Promise<void> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const message of messages) {
    const group = byTopic.get(message.topic);
    if (group) group.push(message);
    else byTopic.set(message.topic, [message]);
  }
  const results = await Promise.allSettled([...byTopic].map(([topic, group]) => send(topic, group)));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
}
