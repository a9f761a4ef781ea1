import { Sender } from '../../../src/dispatch/domain/sender.js';
import { PROVIDER_CHANNELS, SENDER_CHANNELS, SENDER_PROVIDERS, type SenderChannel } from '../../../src/dispatch/domain/sender-state.js';
import { ValidationError } from '../../../seedwork/domain/index.js';
import { aCreateInput, aNewSender, aSenderState, invalidFields, LATER, NOW, SENDER_ID, STORED_VERSION } from './sender.mother.js';

describe('Sender.create', () => {
  it('makes an active sender at version 1 and records SenderCreated with the whole state', () => {
    const sender = aNewSender({ dailyCap: 500, ratePerSecond: 2.5 });
    expect(sender.state).toEqual({
      id: SENDER_ID, brandId: 'acme', channel: 'sms', provider: 'twilio', address: '+573001234567',
      ratePerSecond: 2.5, dailyCap: 500, status: 'active', version: 1, createdAt: NOW, updatedAt: NOW,
    });
    expect(sender.pendingEvents).toEqual([expect.objectContaining({
      eventType: 'SenderCreated', aggregateType: 'Sender', aggregateId: SENDER_ID, aggregateVersion: 1, brandId: 'acme',
      data: {
        id: SENDER_ID, brandId: 'acme', channel: 'sms', provider: 'twilio', address: '+573001234567',
        ratePerSecond: 2.5, dailyCap: 500, status: 'active', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
      },
    })]);
  });

  it('has no daily cap unless given one', () => {
    expect(aNewSender().state.dailyCap).toBeNull();
    expect(aNewSender({ dailyCap: null }).state.dailyCap).toBeNull();
  });

  it('reports every bad field at once', () => {
    expect(invalidFields(() => Sender.create({ brandId: '', channel: 'sms', provider: 'fax', address: 'nope', ratePerSecond: 0, dailyCap: 0 }, NOW)))
      .toEqual(['address', 'brandId', 'dailyCap', 'provider', 'ratePerSecond']);
  });

  it('judges provider and address only against a valid channel, reporting just the channel otherwise', () => {
    expect(invalidFields(() => aNewSender({ channel: 'fax', provider: 'smtp', address: 'x' }))).toEqual(['channel']);
  });

  it('refuses an id that is not a UUID', () => {
    expect(invalidFields(() => Sender.create(aCreateInput(), NOW, 'sender-1'))).toEqual(['id']);
  });

  describe('provider and channel pairs', () => {
    const pairs = SENDER_PROVIDERS.flatMap((provider) => SENDER_CHANNELS.map((channel) => [provider, channel, PROVIDER_CHANNELS[provider].includes(channel)] as const));
    const addressFor: Record<SenderChannel, string> = { call: '+573001234567', sms: '+573001234567', whatsapp: '+573001234567', telegram: 'AcmeBot', email: 'news@acme.example' };

    it.each(pairs)('%s on %s: allowed %s', (provider, channel, allowed) => {
      const create = () => aNewSender({ provider, channel, address: addressFor[channel] });
      if (allowed) expect(create().state).toEqual(expect.objectContaining({ provider, channel }));
      else expect(invalidFields(create)).toEqual(['provider']);
    });

    it('explains which channels the provider carries', () => {
      expect(() => aNewSender({ provider: 'twilio', channel: 'email', address: 'a@b.co' })).toThrow(/twilio cannot send on email; it sends on call, sms, whatsapp/);
    });
  });

  describe('address', () => {
    it.each([
      ['call', '+57 300 123 4567', '+573001234567'],
      ['sms', '+1 (212) 555-0123', '+12125550123'],
      ['sms', '0057 300 123 4567', '+573001234567'],
      ['whatsapp', 'whatsapp:+573001234567', '+573001234567'],
      ['whatsapp', 'WhatsApp:+57 300 123 4567', '+573001234567'],
      ['whatsapp', '+573001234567', '+573001234567'],
      ['telegram', '@AcmeOffersBot', 'AcmeOffersBot'],
      ['telegram', 'acme_bot', 'acme_bot'],
      ['telegram', '123456789', '123456789'],
      ['email', ' News@Acme.EXAMPLE ', 'News@acme.example'],
    ] as const)('on %s, %j is stored as %j', (channel, written, stored) => {
      const provider = channel === 'telegram' ? 'telegram' : channel === 'email' ? 'smtp' : 'twilio';
      expect(aNewSender({ channel, provider, address: written }).state.address).toBe(stored);
    });

    it.each([
      ['sms', '300 123 4567', /national number/],
      ['call', '+57 12', /too short|not a valid/],
      ['whatsapp', 'whatsapp:ana', /may contain only digits/],
      ['telegram', '@acme', /Telegram bot username/],
      ['telegram', '@AcmeShop', /Telegram bot username/],
      ['telegram', `@${'a'.repeat(30)}bot`, /Telegram bot username/],
      ['telegram', '0123', /Telegram bot username/],
      ['email', 'news@', /email address/],
      ['email', '+573001234567', /email address/],
    ] as const)('on %s, %j is refused', (channel, written, message) => {
      const provider = channel === 'telegram' ? 'telegram' : channel === 'email' ? 'smtp' : 'twilio';
      const create = () => aNewSender({ channel, provider, address: written });
      expect(invalidFields(create)).toEqual(['address']);
      expect(create).toThrow(message);
    });

    it('must be a string', () => {
      expect(invalidFields(() => aNewSender({ address: 573001234567 }))).toEqual(['address']);
    });
  });

  describe('limits', () => {
    it.each([0.001, 0.5, 1, 999.9, 1000])('ratePerSecond %p is allowed', (rate) => {
      expect(aNewSender({ ratePerSecond: rate }).state.ratePerSecond).toBe(rate);
    });

    it.each([0, -1, 1000.01, Number.NaN, Number.POSITIVE_INFINITY, '10', null])('ratePerSecond %p is refused', (rate) => {
      expect(invalidFields(() => aNewSender({ ratePerSecond: rate }))).toEqual(['ratePerSecond']);
    });

    it.each([1, 250, 10_000_000])('dailyCap %p is allowed', (cap) => {
      expect(aNewSender({ dailyCap: cap }).state.dailyCap).toBe(cap);
    });

    it.each([0, -5, 2.5, 10_000_001, '100'])('dailyCap %p is refused', (cap) => {
      expect(invalidFields(() => aNewSender({ dailyCap: cap }))).toEqual(['dailyCap']);
    });
  });
});

describe('Sender.update', () => {
  const stored = () => Sender.restore(aSenderState());

  it('records SenderUpdated with only the changed fields, new and old', () => {
    const sender = stored();
    sender.update({ ratePerSecond: 20, dailyCap: 5000, status: 'disabled', address: '+57 300 765 4321' }, LATER);
    expect(sender.state).toEqual(aSenderState({ ratePerSecond: 20, status: 'disabled', address: '+573007654321', version: STORED_VERSION + 1, updatedAt: LATER }));
    expect(sender.pendingEvents).toEqual([expect.objectContaining({
      eventType: 'SenderUpdated',
      aggregateVersion: STORED_VERSION + 1,
      data: {
        changes: { address: '+573007654321', ratePerSecond: 20, status: 'disabled' },
        previous: { address: '+573001234567', ratePerSecond: 10, status: 'active' },
      },
    })]);
  });

  it('records nothing when every value is the current one (an address written differently included)', () => {
    const sender = stored();
    sender.update({ address: '+57 300 123 4567', ratePerSecond: 10, dailyCap: 5000, status: 'active', provider: 'twilio' }, LATER);
    expect(sender.hasChanges).toBe(false);
    expect(sender.state.updatedAt).toEqual(aSenderState().updatedAt);
  });

  it('removes the cap with null', () => {
    const sender = stored();
    sender.update({ dailyCap: null }, LATER);
    expect(sender.state.dailyCap).toBeNull();
  });

  it('judges provider and address by the stored channel', () => {
    expect(invalidFields(() => stored().update({ provider: 'smtp' }, LATER))).toEqual(['provider']);
    expect(invalidFields(() => stored().update({ address: 'news@acme.example' }, LATER))).toEqual(['address']);
    const whatsapp = Sender.restore(aSenderState({ channel: 'whatsapp' }));
    whatsapp.update({ provider: 'simulated', address: 'whatsapp:+573009999999' }, LATER);
    expect(whatsapp.state).toEqual(expect.objectContaining({ provider: 'simulated', address: '+573009999999' }));
  });

  it('reports every bad field at once and changes nothing', () => {
    const sender = stored();
    const run = () => sender.update({ ratePerSecond: 0, dailyCap: 1.5, status: 'paused', address: '' }, LATER);
    expect(invalidFields(run)).toEqual(['address', 'dailyCap', 'ratePerSecond', 'status']);
    expect(sender.state).toEqual(aSenderState());
    expect(sender.hasChanges).toBe(false);
  });

  it('throws a ValidationError, never a partial change, for one bad field among good ones', () => {
    const sender = stored();
    expect(() => sender.update({ ratePerSecond: 50, status: 'gone' }, LATER)).toThrow(ValidationError);
    expect(sender.state.ratePerSecond).toBe(10);
  });
});

describe('Sender.delete', () => {
  it('records SenderDeleted at the next version', () => {
    const sender = Sender.restore(aSenderState());
    sender.delete(LATER);
    expect(sender.pendingEvents).toEqual([expect.objectContaining({ eventType: 'SenderDeleted', aggregateVersion: STORED_VERSION + 1, data: {} })]);
    expect(sender.expectedStoredVersion).toBe(STORED_VERSION);
  });
});

describe('Sender.restore', () => {
  it('keeps the stored state and version, recording nothing, and never shares its dates', () => {
    const state = aSenderState();
    const sender = Sender.restore(state);
    expect(sender.state).toEqual(state);
    expect(sender.hasChanges).toBe(false);
    sender.state.createdAt.setFullYear(1999);
    expect(sender.state.createdAt).toEqual(state.createdAt);
  });
});
