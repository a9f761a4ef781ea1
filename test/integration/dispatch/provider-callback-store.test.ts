import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../../seedwork/application/index.js';
import { newId } from '../../../seedwork/domain/index.js';
import { createDataSource } from '../../../seedwork/infrastructure/database/data-source.js';
import { Database } from '../../../seedwork/infrastructure/database/database.js';
import { TypeOrmUnitOfWork } from '../../../seedwork/infrastructure/database/typeorm-unit-of-work.js';
import type { CallStatusEvent, InboundMessageEvent } from '../../../src/dispatch/application/provider-callbacks.js';
import { ProviderCallbackLog } from '../../../src/dispatch/infrastructure/provider-callback-log.js';
import { PgInboundContacts } from '../../../src/dispatch/infrastructure/pg-inbound-contacts.js';
import { PgSimulatedSendLog } from '../../../src/dispatch/infrastructure/gateways/simulated-send-log.js';
import { SimulatedGateway } from '../../../src/dispatch/infrastructure/gateways/simulated-gateway.js';
import { migrations } from '../../../src/migrations/index.js';
import { aLeadSeed, seedLeads } from '../../support/lead-seeds.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TestClock } from '../../support/test-app.js';
import { aSendRequest } from '../../unit/dispatch/channel-request.mother.js';

const context = { actor: SYSTEM_ACTOR, correlationId: 'corr-callbacks' };

function aCallStatus(overrides: Partial<CallStatusEvent> = {}): CallStatusEvent {
  return {
    provider: 'twilio', eventKey: 'CA1:ringing', brandId: 'acme', deliveryId: newId(), occurredAt: new Date('2026-11-23T10:00:01Z'),
    raw: { CallSid: 'CA1', CallStatus: 'ringing' }, providerCallId: 'CA1', status: 'ringing', providerStatus: 'ringing',
    sequenceNumber: 1, durationSeconds: null, recordingUrl: null, errorCode: null, ...overrides,
  };
}

function anInbound(overrides: Partial<InboundMessageEvent> = {}): InboundMessageEvent {
  return {
    provider: 'telegram', eventKey: `bot:${newId()}`, brandId: 'acme', deliveryId: null, occurredAt: null, raw: {},
    channel: 'telegram', senderId: newId(), from: '4242', fromPhone: null, text: 'hola', optOutKeyword: null, ...overrides,
  };
}

describe('provider callbacks and the simulated provider on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let database: Database;
  let log: ProviderCallbackLog;
  const clock = new TestClock();

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, migrations });
    await ds.initialize();
    database = new Database(ds);
    log = new ProviderCallbackLog(database, clock);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const rows = (key: string) => ds.query(`SELECT provider, kind, event_key, brand_id, delivery_id, provider_ref, status, occurred_at, received_at, event, processed_at FROM provider_callbacks WHERE event_key = $1`, [key]);

  describe('ProviderCallbackLog', () => {
    it('records a report with its tenant, delivery, reference, status and the whole event', async () => {
      const event = aCallStatus({ eventKey: 'CA-record:ringing' });
      await log.callStatus(event);
      expect(await rows('CA-record:ringing')).toEqual([{
        provider: 'twilio', kind: 'call_status', event_key: 'CA-record:ringing', brand_id: 'acme', delivery_id: event.deliveryId,
        provider_ref: 'CA1', status: 'ringing', occurred_at: event.occurredAt, received_at: clock.now(),
        event: JSON.parse(JSON.stringify(event)), processed_at: null,
      }]);
    });

    it('records each report once, however often it arrives, also concurrently', async () => {
      const event = aCallStatus({ eventKey: 'CA-dup:completed', status: 'completed' });
      await Promise.all(Array.from({ length: 10 }, () => log.callStatus(event)));
      await log.callStatus({ ...event, raw: { resent: 'true' } });
      expect(await rows('CA-dup:completed')).toHaveLength(1);
    });

    it('keeps the same event key of two providers apart', async () => {
      await log.callStatus(aCallStatus({ eventKey: 'same:ringing' }));
      await log.callStatus(aCallStatus({ eventKey: 'same:ringing', provider: 'simulated' }));
      expect((await rows('same:ringing')).map((r: { provider: string }) => r.provider).sort()).toEqual(['simulated', 'twilio']);
    });

    it('records a report without a known brand', async () => {
      await log.messageStatus({
        provider: 'twilio', eventKey: 'SM-nobrand:sent', brandId: null, deliveryId: null, occurredAt: null, raw: {},
        providerMessageId: 'SM-nobrand', status: 'sent', providerStatus: 'sent', errorCode: null, errorKind: null,
      });
      expect(await rows('SM-nobrand:sent')).toEqual([expect.objectContaining({ kind: 'message_status', brand_id: null, status: 'sent' })]);
    });

    it('writes in the caller\'s transaction: a rollback leaves nothing', async () => {
      const uow = new TypeOrmUnitOfWork(ds);
      await expect(uow.run(context, async () => {
        await log.inboundMessage(anInbound({ eventKey: 'bot:rolled-back' }));
        throw new Error('later step failed');
      })).rejects.toThrow('later step failed');
      expect(await rows('bot:rolled-back')).toEqual([]);
    });
  });

  describe('PgInboundContacts', () => {
    const contacts = () => new PgInboundContacts(database);

    it('finds the brand\'s leads by the phone shared in the message, never another brand\'s', async () => {
      const [mine] = await seedLeads(ds, [aLeadSeed({ brandId: 'inbound-a' })]);
      await seedLeads(ds, [aLeadSeed({ brandId: 'inbound-b', phone: mine!.phone })]);
      expect(await contacts().leadsAt('inbound-a', 'telegram', { from: '1', phone: mine!.phone })).toEqual([mine!.id]);
      expect(await contacts().leadsAt('inbound-a', 'telegram', { from: '1', phone: '+573009999999' })).toEqual([]);
    });

    it('finds them by the phone the same chat shared before', async () => {
      const [lead] = await seedLeads(ds, [aLeadSeed({ brandId: 'inbound-c' })]);
      await log.inboundMessage(anInbound({ brandId: 'inbound-c', from: '777', fromPhone: lead!.phone }));
      expect(await contacts().leadsAt('inbound-c', 'telegram', { from: '777', phone: null })).toEqual([lead!.id]);
      expect(await contacts().leadsAt('inbound-c', 'telegram', { from: '778', phone: null })).toEqual([]);
      expect(await contacts().leadsAt('inbound-a', 'telegram', { from: '777', phone: null })).toEqual([]);
    });
  });

  describe('PgSimulatedSendLog', () => {
    it('counts every send of a key across gateways, as one provider shared by several workers', async () => {
      const workers = [1, 2, 3].map(() => new SimulatedGateway({ seed: 'shared', sendLog: new PgSimulatedSendLog(database), sleep: async () => undefined }));
      const request = aSendRequest({ idempotencyKey: 'v1.shared.key.1' });
      await Promise.all(workers.flatMap((w) => [w.send(request), w.send(request)]));
      expect(await ds.query(`SELECT brand_id, outcome, sends FROM simulated_sends WHERE idempotency_key = $1`, ['v1.shared.key.1'])).toEqual([{ brand_id: 'acme', outcome: 'reached', sends: 6 }]);
    });

    it('remembers a send even when the caller\'s transaction rolls back: the provider already acted', async () => {
      const uow = new TypeOrmUnitOfWork(ds);
      const sendLog = new PgSimulatedSendLog(database);
      await expect(uow.run(context, async () => {
        await sendLog.record('v1.rollback.key.1', 'acme', 'busy');
        throw new Error('crash after sending');
      })).rejects.toThrow();
      expect(await ds.query(`SELECT sends FROM simulated_sends WHERE idempotency_key = $1`, ['v1.rollback.key.1'])).toEqual([{ sends: 1 }]);
    });
  });
});
