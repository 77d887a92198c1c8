import { describe, expect, it } from 'vitest';
import {
  batchPercent,
  batchProgressStatus,
  batchProgressSummary,
  canDisableBatch,
  codeShape,
  countError,
  isBatchActive,
  lengthError,
  normalizePrefix,
  prefixError,
  redeemedSummary,
  toGenerateCodesInput,
} from './format';

describe('generate form rules', () => {
  it('count: 1..1,000,000 whole codes', () => {
    expect(countError(1)).toBeNull();
    expect(countError(1_000_000)).toBeNull();
    expect(countError(null)).toBe('Enter how many codes to generate');
    expect(countError(0)).toBe('Between 1 and 1,000,000 codes');
    expect(countError(1_000_001)).toBe('Between 1 and 1,000,000 codes');
    expect(countError(2.5)).toBe('Between 1 and 1,000,000 codes');
  });

  it('prefix: optional, up to 8 of A-Z and 0-9, upper-cased as typed', () => {
    expect(normalizePrefix(' e2e ')).toBe('E2E');
    expect(normalizePrefix(undefined)).toBe('');
    expect(prefixError('')).toBeNull();
    expect(prefixError(undefined)).toBeNull();
    expect(prefixError('SPRING26')).toBeNull();
    expect(prefixError('SPRING2026')).toBe('At most 8 characters');
    expect(prefixError('A-B')).toBe('Only the letters A-Z and the digits 0-9');
    expect(prefixError('ab')).toBe('Only the letters A-Z and the digits 0-9');
    expect(prefixError('ÄB')).toBe('Only the letters A-Z and the digits 0-9');
  });

  it('length: 15..24 characters after the prefix (60 random bits and the check part at least)', () => {
    expect(lengthError(15)).toBeNull();
    expect(lengthError(24)).toBeNull();
    expect(lengthError(14)).toBe('Between 15 and 24 characters');
    expect(lengthError(25)).toBe('Between 15 and 24 characters');
    expect(lengthError(undefined)).toBe('Enter the code length');
  });

  it('builds the input, leaving out an empty prefix', () => {
    expect(toGenerateCodesInput('c1', { count: 50, prefix: 'e2e', length: 16 })).toEqual({
      couponId: 'c1',
      count: 50,
      prefix: 'E2E',
      length: 16,
    });
    expect(toGenerateCodesInput('c1', { count: 5, prefix: '', length: 12 })).toEqual({ couponId: 'c1', count: 5, length: 12 });
    expect(toGenerateCodesInput('c1', { count: 5, length: 12 })).not.toHaveProperty('prefix');
  });

  it('shows the shape of a code', () => {
    expect(codeShape('e2e', 10)).toBe('E2EXXXXXXXXXX');
    expect(codeShape('', 12)).toBe('X'.repeat(12));
    expect(codeShape(null, null)).toBe('');
    expect(codeShape('A', 999)).toBe('A' + 'X'.repeat(24));
  });
});

describe('batch display', () => {
  const b = { status: 'RUNNING' as const, count: 300, generated: 100, disabled: false };

  it('is active while PENDING or RUNNING', () => {
    expect(isBatchActive('PENDING')).toBe(true);
    expect(isBatchActive('RUNNING')).toBe(true);
    expect(isBatchActive('COMPLETED')).toBe(false);
    expect(isBatchActive('PAUSED')).toBe(false);
    expect(isBatchActive(undefined)).toBe(false);
  });

  it('progress: rounded down, 100 when COMPLETED, 0 for an empty batch', () => {
    expect(batchPercent(b)).toBe(33);
    expect(batchPercent({ ...b, generated: 299 })).toBe(99);
    expect(batchPercent({ ...b, status: 'COMPLETED', generated: 300 })).toBe(100);
    expect(batchPercent({ ...b, status: 'COMPLETED', generated: 0, count: 0 })).toBe(100);
    expect(batchPercent({ ...b, count: 0, generated: 0 })).toBe(0);
    expect(batchPercent({ ...b, generated: 400 })).toBe(100);
    expect(batchProgressSummary({ count: 1_000_000, generated: 2500 })).toBe('2,500 / 1,000,000');
  });

  it('progress bar status', () => {
    expect(batchProgressStatus(b)).toBe('active');
    expect(batchProgressStatus({ status: 'COMPLETED', disabled: false })).toBe('success');
    expect(batchProgressStatus({ status: 'COMPLETED', disabled: true })).toBe('normal');
    expect(batchProgressStatus({ status: 'FAILED', disabled: false })).toBe('exception');
    expect(batchProgressStatus({ status: 'PENDING', disabled: false })).toBe('normal');
  });

  it('redeemed, with its share of the generated codes', () => {
    expect(redeemedSummary(0, 50)).toBe('0');
    expect(redeemedSummary(1, 1000)).toBe('1 (0.1%)');
    expect(redeemedSummary(25, 50)).toBe('25 (50%)');
    expect(redeemedSummary(3, 0)).toBe('3');
  });

  it('a batch is disabled once, for good', () => {
    expect(canDisableBatch({ disabled: false })).toBe(true);
    expect(canDisableBatch({ disabled: true })).toBe(false);
  });
});
