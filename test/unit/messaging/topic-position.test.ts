import { comparePositions, messagePosition } from '../../../seedwork/infrastructure/messaging/topic-position.js';

describe('message positions', () => {
  it('reads ledger and entry ids out of a message id as the broker sends it', () => {
    // Ids the WebSocket API returned for entries 0 and 2 of ledger 883.
    expect(messagePosition('CPMGEAAwAA==')).toEqual({ ledgerId: 883n, entryId: 0n });
    expect(messagePosition('CPMGEAIwAA==')).toEqual({ ledgerId: 883n, entryId: 2n });
  });

  it('decodes multi-byte varints and skips length-delimited fields', () => {
    // ledgerId 300 (ac 02), a length-delimited field 5 of two bytes, entryId 1 (field 2).
    const id = Buffer.from([0x08, 0xac, 0x02, 0x2a, 0x02, 0x01, 0x02, 0x10, 0x01]).toString('base64');
    expect(messagePosition(id)).toEqual({ ledgerId: 300n, entryId: 1n });
  });

  it('orders by ledger, then entry', () => {
    expect(comparePositions({ ledgerId: 1n, entryId: 9n }, { ledgerId: 2n, entryId: 0n })).toBe(-1);
    expect(comparePositions({ ledgerId: 2n, entryId: 3n }, { ledgerId: 2n, entryId: 3n })).toBe(0);
    expect(comparePositions({ ledgerId: 2n, entryId: 4n }, { ledgerId: 2n, entryId: 3n })).toBe(1);
  });

  it('refuses an id without ledger and entry', () => {
    expect(() => messagePosition(Buffer.from([0x08, 0x01]).toString('base64'))).toThrow(/no ledger and entry id/);
  });
});
