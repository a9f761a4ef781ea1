import { Lead, type CreateLeadInput } from '../../../src/audience/domain/lead.js';
import type { LeadStage, LeadState } from '../../../src/audience/domain/lead-state.js';
import { ValidationError, type DomainEvent } from '../../../seedwork/domain/index.js';

/** Business time of every test. */
export const NOW = new Date('2026-11-23T10:00:00.000Z');
export const LATER = new Date('2026-11-24T15:30:00.000Z');
export const LEAD_ID = '01935a4e-7c00-7000-8000-0000000000aa';
/** Version of every restored lead, far from 0 so off-by-one errors show. */
export const STORED_VERSION = 7;

/** The smallest valid create input; each test overrides only what it is about. */
export function aCreateInput(overrides: Partial<CreateLeadInput> = {}): CreateLeadInput {
  return { brandId: 'acme', phone: '+573001234567', ...overrides };
}

export function aNewLead(overrides: Partial<CreateLeadInput> = {}): Lead {
  return Lead.create(aCreateInput(overrides), NOW, { id: LEAD_ID });
}

/** A stored snapshot, as the repository would load it. */
export function aLeadState(overrides: Partial<LeadState> = {}): LeadState {
  return {
    id: LEAD_ID,
    brandId: 'acme',
    firstName: 'Ana',
    lastName: 'Pérez',
    phone: '+573001234567',
    email: 'ana@example.com',
    timezone: 'America/Bogota',
    region: 'andina',
    tags: ['vip'],
    customFields: { budget: 120000, specialty: 'anesthesiology' },
    score: 40,
    stage: 'profiling',
    stageEnteredAt: new Date('2026-11-10T08:00:00.000Z'),
    assignedTo: null,
    treatment: 'automated_call',
    nextActionAt: null,
    notes: '',
    consent: { doNotContact: false, optedOutChannels: [], reason: null, updatedAt: new Date('2026-11-01T08:00:00.000Z') },
    lastContactedAt: null,
    interactions: 0,
    version: STORED_VERSION,
    createdAt: new Date('2026-11-01T08:00:00.000Z'),
    updatedAt: new Date('2026-11-20T08:00:00.000Z'),
    ...overrides,
  };
}

/** Given a lead loaded from storage with no pending events. */
export function aStoredLead(overrides: Partial<LeadState> = {}): Lead {
  return Lead.restore(aLeadState(overrides));
}

export function aLeadIn(stage: LeadStage, overrides: Partial<LeadState> = {}): Lead {
  return aStoredLead({ ...overrides, stage });
}

export function onlyEvent(lead: Lead): DomainEvent {
  expect(lead.pendingEvents).toHaveLength(1);
  return lead.pendingEvents[0]!;
}

/** The ValidationError `run` throws (fails the test when it throws nothing or something else). */
export function validationErrorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

/** The fields a ValidationError names, sorted. */
export function badFields(run: () => unknown): string[] {
  return validationErrorOf(run).errors.map((e) => e.field).sort();
}

/** Asserts `run` changes nothing: no event, same version, same state. */
export function expectNoChange(lead: Lead, run: () => void): void {
  const before = lead.state;
  run();
  expect(lead.pendingEvents).toHaveLength(0);
  expect(lead.version).toBe(before.version);
  expect(lead.state).toEqual(before);
}
