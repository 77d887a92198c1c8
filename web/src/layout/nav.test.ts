import { describe, expect, it } from 'vitest';
import { landingPath, navFor } from './nav';

describe('navigation by role', () => {
  it('analysts land on the dashboard, others on the coupons', () => {
    expect(landingPath(['ANALYST'])).toBe('/dashboard');
    expect(landingPath(['ANALYST', 'SUPPORT'])).toBe('/dashboard');
    expect(landingPath(['ANALYST', 'OPERATOR'])).toBe('/coupons');
    expect(landingPath(['ADMIN'])).toBe('/coupons');
    expect(landingPath(['SUPPORT'])).toBe('/coupons');
    expect(landingPath(undefined)).toBe('/coupons');
  });

  it('the dashboard is shown to analysts, operators and admins only', () => {
    const has = (roles: string[]) => navFor(roles).some((n) => n.path === '/dashboard');
    expect(has(['ANALYST'])).toBe(true);
    expect(has(['OPERATOR'])).toBe(true);
    expect(has(['ADMIN'])).toBe(true);
    expect(has(['SUPPORT'])).toBe(false);
    expect(navFor(['SUPPORT']).some((n) => n.path === '/coupons')).toBe(true);
  });

  it('the migration is shown to admins only', () => {
    const has = (roles: string[]) => navFor(roles).some((n) => n.path === '/migration');
    expect(has(['ADMIN'])).toBe(true);
    expect(has(['OPERATOR'])).toBe(false);
    expect(has(['ANALYST'])).toBe(false);
    expect(has(['SUPPORT'])).toBe(false);
    expect(has(['OPERATOR', 'ANALYST', 'SUPPORT'])).toBe(false);
    expect(has([])).toBe(false);
    expect(has(['OPERATOR', 'ADMIN'])).toBe(true);
  });

  it('the system view is shown to admins only', () => {
    const has = (roles: string[]) => navFor(roles).some((n) => n.path === '/system');
    expect(has(['ADMIN'])).toBe(true);
    expect(has(['OPERATOR', 'ANALYST', 'SUPPORT'])).toBe(false);
  });
});
