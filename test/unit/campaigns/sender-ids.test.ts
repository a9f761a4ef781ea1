import { ValidationError } from '../../../seedwork/domain/index.js';
import { MAX_SENDER_IDS, senderIdList } from '../../../src/campaigns/domain/value-objects/sender-ids.js';
import { aNewCampaign, aCampaignIn, NOW } from './campaign.mother.js';

const A = '01935a4e-7c00-7000-8000-00000000000a';
const B = '01935a4e-7c00-7000-8000-00000000000b';

function messageOf(value: unknown): string {
  try {
    senderIdList(value, 'senderIds');
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('senderIds', () => {
  it('is a set: lower-cased and sorted, so the same senders in another order are no change', () => {
    expect(senderIdList([B.toUpperCase(), A], 'senderIds')).toEqual([A, B]);
    const campaign = aCampaignIn('paused', { senderIds: [A, B] });
    campaign.update({ senderIds: [B, A] }, NOW);
    expect(campaign.pendingEvents).toEqual([]);
  });

  it('rejects an empty list (null means every sender), repeats, non-UUIDs and overlong lists', () => {
    expect(messageOf([])).toMatch(/^senderIds: must list at least one/);
    expect(messageOf([A, A.toUpperCase()])).toBe('senderIds: must not repeat a sender id');
    expect(messageOf([A, 42])).toBe('senderIds: must contain only sender ids (UUIDs)');
    expect(messageOf('01935a4e-7c00-7000-8000-00000000000a')).toMatch(/^senderIds: must list/);
    const many = Array.from({ length: MAX_SENDER_IDS + 1 }, (_, i) => `01935a4e-7c00-7000-8000-${String(i).padStart(12, '0')}`);
    expect(messageOf(many)).toBe(`senderIds: must list at most ${MAX_SENDER_IDS} sender ids`);
  });

  it('is recorded in CampaignCreated and, when changed, in CampaignUpdated with its previous value', () => {
    expect(aNewCampaign({ senderIds: [B, A] }).state.senderIds).toEqual([A, B]);
    const campaign = aCampaignIn('paused');
    campaign.update({ senderIds: [A] }, NOW);
    expect(campaign.pendingEvents.map((e) => e.data)).toEqual([{ changes: { senderIds: [A] }, previous: { senderIds: null } }]);
  });
});
