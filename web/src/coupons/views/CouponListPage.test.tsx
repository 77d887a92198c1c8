import { describe, expect, it } from 'vitest';
import { filterFromParams } from './CouponListPage';

describe('filterFromParams', () => {
  it('reads status, channel and search from the URL', () => {
    expect(filterFromParams(new URLSearchParams('status=ACTIVE,PAUSED&channel=CODE&q=%20spring%20'))).toEqual({
      status: ['ACTIVE', 'PAUSED'],
      channel: 'CODE',
      search: 'spring',
    });
  });
  it('ignores unknown and empty values', () => {
    expect(filterFromParams(new URLSearchParams('status=BOGUS,&channel=MAIL&q='))).toEqual({});
    expect(filterFromParams(new URLSearchParams(''))).toEqual({});
  });
});
