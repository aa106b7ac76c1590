import { describe, expect, it } from 'vitest';
import { check, intFlag } from '../../src/cli/command.js';

describe('intFlag', () => {
  it.each([
    ['20', 20],
    ['1', 1],
    ['0500', 500],
  ])('reads %j as %i', (value, n) => {
    expect(check(intFlag('limit', 1, 500), value)).toBe(n);
  });

  it.each([
    ['many', '--limit must be a whole number'],
    ['-3', '--limit must be a whole number'],
    ['2.5', '--limit must be a whole number'],
    ['', '--limit must be a whole number'],
    ['0', '--limit must be at least 1'],
    ['501', '--limit must be at most 500'],
  ])('refuses %j with a usage error naming the flag', (value, message) => {
    expect(() => check(intFlag('limit', 1, 500), value)).toThrow(message);
  });
});
