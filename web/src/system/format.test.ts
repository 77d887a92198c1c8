import { describe, expect, it } from 'vitest';
import { formatLag } from './format';

describe('formatLag', () => {
  it('reads as milliseconds, seconds or minutes', () => {
    expect(formatLag(0.0123)).toBe('12 ms');
    expect(formatLag(1.44)).toBe('1.4 s');
    expect(formatLag(185.2)).toBe('3 min 5 s');
  });
});
