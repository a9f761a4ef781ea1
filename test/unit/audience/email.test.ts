import { normaliseEmail } from '../../../src/audience/domain/value-objects/email.js';
import { validationErrorOf } from './lead.mother.js';

describe('normaliseEmail', () => {
  it.each([
    ['ana@example.com', 'ana@example.com'],
    ['  ana@example.com  ', 'ana@example.com'],
    ['Ana@Example.COM', 'Ana@example.com'],
    ['ANA.PEREZ@MAIL.EXAMPLE.CO', 'ANA.PEREZ@mail.example.co'],
    ['ana+leads@example.com', 'ana+leads@example.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['first.last-name_1@sub-domain.example.org', 'first.last-name_1@sub-domain.example.org'],
    ['x@a.io', 'x@a.io'],
    ['ana@xn--espaa-rta.com', 'ana@xn--espaa-rta.com'],
    ['ana@españa.com', 'ana@xn--espaa-rta.com'],
    ['ana@ESPAÑA.com', 'ana@xn--espaa-rta.com'],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
  ])('%j is %j (trimmed, domain lower-cased, local part kept)', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });

  it.each([
    ['no @', 'ana.example.com'],
    ['nothing before @', '@example.com'],
    ['nothing after @', 'ana@'],
    ['two @', 'ana@b@example.com'],
    ['a domain without a dot', 'ana@localhost'],
    ['a numeric top-level domain', 'ana@example.123'],
    ['a one-letter top-level domain', 'ana@example.c'],
    ['a leading dot in the local part', '.ana@example.com'],
    ['two dots in a row', 'ana..perez@example.com'],
    ['a trailing dot in the local part', 'ana.@example.com'],
    ['a space inside', 'ana perez@example.com'],
    ['a label starting with a dash', 'ana@-example.com'],
    ['an empty label', 'ana@example..com'],
    ['a quoted local part', '"ana perez"@example.com'],
    ['a non-ASCII local part', 'añá@example.com'],
    ['a URL-like domain', 'ana@example.com/path'],
    ['a display name', 'Ana <ana@example.com>'],
    ['blank', '   '],
  ])('refuses %s', (_name, raw) => {
    expect(validationErrorOf(() => normaliseEmail(raw)).errors).toEqual([{ field: 'email', message: expect.stringMatching(/email address such as/) }]);
  });

  it('refuses a local part over 64 characters and an address over 254', () => {
    expect(validationErrorOf(() => normaliseEmail(`${'a'.repeat(65)}@example.com`)).errors[0]!.message).toMatch(/at most 64 characters before the @/);
    const longDomain = `${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.com`;
    expect(validationErrorOf(() => normaliseEmail(`ana@${longDomain}`)).errors[0]!.message).toMatch(/at most 254 characters/);
  });

  it('refuses what is not a string', () => {
    for (const raw of [42, null, undefined, ['ana@example.com']]) {
      expect(validationErrorOf(() => normaliseEmail(raw)).errors).toEqual([{ field: 'email', message: 'must be a string' }]);
    }
  });
});
