import { normaliseCustomFields } from '../../../src/audience/domain/value-objects/custom-fields.js';
import { contactFieldsForCreate, contactFieldsForUpdate } from '../../../src/audience/domain/value-objects/contact-fields.js';
import { normaliseTags } from '../../../src/audience/domain/value-objects/tags.js';
import { normaliseTimezone } from '../../../src/audience/domain/value-objects/timezone.js';
import { aLeadState, badFields, validationErrorOf } from './lead.mother.js';

describe('normaliseTimezone', () => {
  it.each([
    ['America/Bogota', 'America/Bogota'],
    ['america/bogota', 'America/Bogota'],
    [' America/Mexico_City ', 'America/Mexico_City'],
    ['UTC', 'UTC'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
    ['US/Eastern', 'America/New_York'],
  ])('%j is %j', (raw, expected) => {
    expect(normaliseTimezone(raw)).toBe(expected);
  });

  it.each([['+05:00'], ['-0500'], ['GMT-5:00'], ['Mars/Olympus_Mons'], ['Bogota'], [''], [42], [null]])('refuses %j', (raw) => {
    expect(validationErrorOf(() => normaliseTimezone(raw)).errors).toEqual([{ field: 'timezone', message: expect.stringMatching(/IANA time zone/) }]);
  });
});

describe('normaliseTags', () => {
  it('trims, drops duplicates keeping the first occurrence and its case, and keeps the order', () => {
    expect(normaliseTags([' vip ', 'gold', 'vip', 'VIP', 'gold '])).toEqual(['vip', 'gold', 'VIP']);
    expect(normaliseTags([])).toEqual([]);
  });

  it('accepts 50 distinct tags of 50 characters, and more entries that collapse to 50', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `${i}`.padStart(50, 'x'));
    expect(normaliseTags(fifty)).toHaveLength(50);
    expect(normaliseTags([...fifty, ...fifty])).toHaveLength(50);
  });

  it.each([
    ['51 distinct tags', Array.from({ length: 51 }, (_, i) => `t${i}`), /at most 50 distinct tags/],
    ['a tag over 50 characters', ['ok', 'x'.repeat(51)], /tags\[1\] must have at most 50 characters/],
    ['a blank tag', ['ok', '   '], /tags\[1\] must not be blank/],
    ['a tag with the CSV separator', ['a;b'], /must not contain ';'/],
    ['a tag with a control character', ['a\nb'], /control characters/],
    ['a tag that is not a string', ['ok', 3], /tags\[1\] must be a string/],
    ['not an array', 'vip', /array of strings/],
  ])('refuses %s with one error on tags', (_name, raw, message) => {
    expect(validationErrorOf(() => normaliseTags(raw)).errors).toEqual([{ field: 'tags', message: expect.stringMatching(message) }]);
  });
});

describe('normaliseCustomFields', () => {
  it('keeps strings, numbers and booleans, with keys in code-point order', () => {
    const fields = normaliseCustomFields({ specialty: 'anesthesiology', budget: 120000, _private: true, Zeta: -1.5, a1: '' });
    expect(fields).toEqual({ Zeta: -1.5, _private: true, a1: '', budget: 120000, specialty: 'anesthesiology' });
    expect(Object.keys(fields)).toEqual(['Zeta', '_private', 'a1', 'budget', 'specialty']);
  });

  it('accepts 100 keys and a 64-character key', () => {
    expect(Object.keys(normaliseCustomFields(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))))).toHaveLength(100);
    expect(normaliseCustomFields({ [`k${'x'.repeat(63)}`]: 1 })).toEqual({ [`k${'x'.repeat(63)}`]: 1 });
  });

  it('names every bad key and value by its path', () => {
    const raw = { good: 1, '1st': 'x', 'with space': 'x', nested: { a: 1 }, list: [1], nothing: null, long: 'x'.repeat(1001), [`k${'x'.repeat(64)}`]: 1 };
    expect(badFields(() => normaliseCustomFields(raw))).toEqual(
      ['customFields.1st', 'customFields.with space', 'customFields.nested', 'customFields.list', 'customFields.nothing', 'customFields.long', `customFields.k${'x'.repeat(64)}`].sort(),
    );
  });

  it('refuses __proto__, which would replace the object\'s prototype', () => {
    expect(badFields(() => normaliseCustomFields(JSON.parse('{"__proto__": "x", "ok": 1}')))).toEqual(['customFields.__proto__']);
  });

  it.each([
    ['101 keys', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])), /at most 100 keys/],
    ['an array', [1, 2], /must be an object/],
    ['null', null, /must be an object/],
    ['a string', 'x', /must be an object/],
  ])('refuses %s', (_name, raw, message) => {
    expect(validationErrorOf(() => normaliseCustomFields(raw)).errors).toEqual([{ field: 'customFields', message: expect.stringMatching(message) }]);
  });
});

describe('contact fields', () => {
  it('fill defaults on create and normalise what is given', () => {
    expect(contactFieldsForCreate({ email: ' Ana@Example.com ' })).toEqual({
      firstName: '', lastName: '', phone: null, email: 'Ana@example.com', timezone: null, region: null,
      tags: [], customFields: {}, treatment: 'automated_call', nextActionAt: null, notes: '',
    });
    const at = new Date('2026-12-01T15:00:00.000Z');
    expect(contactFieldsForCreate({
      firstName: ' Ana ', lastName: ' Pérez ', phone: '300 123 4567', timezone: 'america/bogota', region: '  ', tags: ['vip'],
      customFields: { b: 1, a: 'x' }, treatment: 'hold', nextActionAt: at, notes: '  as written  ',
    }, 'CO')).toEqual({
      firstName: 'Ana', lastName: 'Pérez', phone: '+573001234567', email: null, timezone: 'America/Bogota', region: null,
      tags: ['vip'], customFields: { a: 'x', b: 1 }, treatment: 'hold', nextActionAt: at, notes: '  as written  ',
    });
  });

  it('need a phone or an email on create; an invalid phone is reported as invalid, not as missing', () => {
    expect(validationErrorOf(() => contactFieldsForCreate({ firstName: 'Ana' })).errors).toEqual([{ field: 'phone', message: expect.stringMatching(/needs a phone or an email/) }]);
    expect(validationErrorOf(() => contactFieldsForCreate({ phone: null, email: null })).errors).toEqual([{ field: 'phone', message: expect.stringMatching(/needs a phone or an email/) }]);
    expect(validationErrorOf(() => contactFieldsForCreate({ phone: 'abc' })).errors).toEqual([{ field: 'phone', message: expect.stringMatching(/only digits/) }]);
  });

  it('report every bad field at once', () => {
    expect(badFields(() => contactFieldsForCreate({
      firstName: 'x'.repeat(101), phone: '12', email: 'nope', timezone: '+05:00', region: 'x'.repeat(101), tags: [''],
      customFields: { 'bad key': 1 }, treatment: 'spam', nextActionAt: new Date('nope'), notes: 'x'.repeat(10_001),
    }, 'CO'))).toEqual(['customFields.bad key', 'email', 'firstName', 'nextActionAt', 'notes', 'phone', 'region', 'tags', 'timezone', 'treatment']);
  });

  it('refuse null for fields that are not nullable', () => {
    const nulls = { firstName: null, lastName: null, tags: null, customFields: null, treatment: null, notes: null } as unknown as Parameters<typeof contactFieldsForCreate>[0];
    expect(badFields(() => contactFieldsForCreate({ ...nulls, email: 'a@b.co' }))).toEqual(['customFields', 'firstName', 'lastName', 'notes', 'tags', 'treatment']);
  });

  it('on update return only the fields sent, normalised', () => {
    expect(contactFieldsForUpdate({ phone: '(212) 555-0123', region: ' caribe ' }, aLeadState(), 'US')).toEqual({ phone: '+12125550123', region: 'caribe' });
    expect(contactFieldsForUpdate({}, aLeadState())).toEqual({});
  });

  it('on update refuse clearing the last way to reach the lead, naming the fields cleared', () => {
    expect(badFields(() => contactFieldsForUpdate({ phone: null, email: null }, aLeadState()))).toEqual(['email', 'phone']);
    expect(validationErrorOf(() => contactFieldsForUpdate({ phone: null }, aLeadState({ email: null }))).errors).toEqual([{ field: 'phone', message: expect.stringMatching(/cannot be removed: a lead needs a phone or an email/) }]);
    expect(contactFieldsForUpdate({ phone: null }, aLeadState())).toEqual({ phone: null });
    expect(contactFieldsForUpdate({ phone: null, email: 'new@example.com' }, aLeadState({ email: null }))).toEqual({ phone: null, email: 'new@example.com' });
  });
});
