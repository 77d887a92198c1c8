import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { toAuditFilters } from './hooks';

describe('toAuditFilters', () => {
  it('drops blanks and sends the range as ISO times, either end open', () => {
    expect(toAuditFilters({ actor: '  ', action: ' createTag ', entityType: 'Coupon', entityId: '' })).toEqual({
      action: 'createTag',
      entityType: 'Coupon',
    });
    const since = dayjs('2026-12-01T10:00:00Z');
    const until = dayjs('2026-12-02T10:00:00Z');
    expect(toAuditFilters({ range: [since, until] })).toEqual({
      since: '2026-12-01T10:00:00.000Z',
      until: '2026-12-02T10:00:00.000Z',
    });
    expect(toAuditFilters({ range: [null, until] })).toEqual({ until: '2026-12-02T10:00:00.000Z' });
    expect(toAuditFilters({ range: null })).toEqual({});
  });
});
