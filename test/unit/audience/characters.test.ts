import { characters } from '../../../seedwork/domain/index.js';

// Text limits count characters as PostgreSQL does: code points, an emoji once.

describe('characters', () => {
  it.each([
    ['', 0],
    ['Ana', 3],
    ['Pérez', 5],
    ['😀', 1],
    ['a😀b😀', 4],
    ['\uD83D', 1], // a lone high surrogate is one (invalid) code point, as spreading the string counts it
    ['\uDE00\uD83D', 2], // a low surrogate before a high one is no pair
  ])('counts %j as %i', (value, count) => {
    expect(characters(value)).toBe(count);
    expect(characters(value)).toBe([...value].length);
  });
});
