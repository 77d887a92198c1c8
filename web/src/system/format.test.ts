import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { formatLag } from './format';

describe('formatLag', () => {
  it('reads as milliseconds, seconds or minutes', () => {
    expect(formatLag(0.0123)).toBe('12 ms');
    expect(formatLag(1.44)).toBe('1.4 s');
    expect(formatLag(185.2)).toBe('3 min 5 s');
  });

  it('in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(formatLag(0.0123)).toBe('12 毫秒');
    expect(formatLag(1.44)).toBe('1.4 秒');
    expect(formatLag(185.2)).toBe('3 分 5 秒');
  });
});
