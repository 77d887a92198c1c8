import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import {
  allowedJobActions,
  elapsedSeconds,
  etaSeconds,
  formatDuration,
  formatEta,
  formatRate,
  jobStatusLabel,
  jobStatusesFromParam,
  progressPercent,
  progressSummary,
} from './format';

describe('formatRate', () => {
  it('shows a rate per second with precision by size', () => {
    expect(formatRate(1234.4)).toBe('1,234/s');
    expect(formatRate(100)).toBe('100/s');
    expect(formatRate(56.74)).toBe('56.7/s');
    expect(formatRate(0.25)).toBe('0.25/s');
  });
  it('has a dash for no rate', () => {
    expect(formatRate(0)).toBe('—');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(formatRate(-1)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('picks two units', () => {
    expect(formatDuration(0.4)).toBe('<1s');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(44.2)).toBe('45s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(2 * 3600 + 7 * 60 + 30)).toBe('2h 07m');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
  });
});

describe('ETA', () => {
  const running = { status: 'RUNNING' as const, audienceSize: 10_000, processed: 4_000, ratePerSecond: 200 };
  it('is remaining / rate for a running job', () => {
    expect(etaSeconds(running)).toBe(30);
    expect(formatEta(running)).toBe('30s');
    expect(formatEta({ ...running, ratePerSecond: 10 })).toBe('10m 00s');
  });
  it('is unknown without a rate, an audience size, or when not running', () => {
    expect(etaSeconds({ ...running, ratePerSecond: 0 })).toBeNull();
    expect(etaSeconds({ ...running, audienceSize: null })).toBeNull();
    expect(formatEta({ ...running, status: 'PAUSED' })).toBe('—');
  });
  it('never goes below zero', () => {
    expect(etaSeconds({ ...running, processed: 12_000 })).toBe(0);
  });
});

describe('progress', () => {
  it('rounds down, so 100 means done', () => {
    expect(progressPercent({ status: 'RUNNING', audienceSize: 300, processed: 299 })).toBe(99);
    expect(progressPercent({ status: 'COMPLETED', audienceSize: 300, processed: 300 })).toBe(100);
    expect(progressPercent({ status: 'RUNNING', audienceSize: null, processed: 5 })).toBeNull();
    expect(progressPercent({ status: 'COMPLETED', audienceSize: null, processed: 5 })).toBe(100);
    expect(progressPercent({ status: 'PENDING', audienceSize: 0, processed: 0 })).toBe(0);
  });
  it('summarises processed / audience', () => {
    expect(progressSummary({ status: 'RUNNING', audienceSize: 12_000, processed: 1_500 })).toBe('1,500 / 12,000');
    expect(progressSummary({ status: 'RUNNING', audienceSize: null, processed: 7 })).toBe('7 / ?');
  });
});

describe('status machine and helpers', () => {
  it('offers the actions of each status', () => {
    expect(allowedJobActions('PENDING')).toEqual(['cancel']);
    expect(allowedJobActions('RUNNING')).toEqual(['pause', 'cancel']);
    expect(allowedJobActions('PAUSED')).toEqual(['resume', 'cancel']);
    expect(allowedJobActions('COMPLETED')).toEqual([]);
    expect(allowedJobActions('CANCELLED')).toEqual([]);
  });
  it('reads statuses from the URL', () => {
    expect(jobStatusesFromParam('RUNNING,bogus,PAUSED')).toEqual(['RUNNING', 'PAUSED']);
    expect(jobStatusesFromParam(null)).toEqual([]);
  });
  it('measures elapsed time', () => {
    expect(elapsedSeconds('2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z')).toBe(90);
    expect(elapsedSeconds('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:10Z'))).toBe(10);
    expect(elapsedSeconds(null)).toBeNull();
  });
});

describe('in Chinese', () => {
  it('writes rates, durations, statuses and progress the Chinese way', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(formatRate(1234.4)).toBe('1,234/秒');
    expect(formatRate(0.25)).toBe('0.25/秒');
    expect(formatDuration(0.4)).toBe('不到 1 秒');
    expect(formatDuration(45)).toBe('45秒');
    expect(formatDuration(185)).toBe('3分05秒');
    expect(formatDuration(2 * 3600 + 7 * 60 + 30)).toBe('2小时07分');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3天4小时');
    expect(jobStatusLabel('PAUSED')).toBe('已暂停');
    expect(progressSummary({ status: 'RUNNING', audienceSize: 12_000, processed: 1_500 })).toBe('1,500 / 12,000');
  });
  it('keeps the enum words as the English status labels', () => {
    expect(jobStatusLabel('COMPLETED')).toBe('Completed');
  });
});
