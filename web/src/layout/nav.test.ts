import { describe, expect, it } from 'vitest';
import { NAV, landingPath, mayOpen, navFor } from './nav';

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

  // what each role may use follows the @hasRole of what the page queries (graph/schema/*.graphqls)
  const paths = (roles: string[]) => navFor(roles).map((n) => n.path);

  it('analysts see the pages they may read, not the users page', () => {
    expect(paths(['ANALYST'])).toEqual(['/dashboard', '/coupons', '/campaigns', '/simulator', '/tags', '/products', '/jobs', '/playground']);
  });

  it('support sees coupons, users, tags and products, not the dashboard nor the jobs', () => {
    expect(paths(['SUPPORT'])).toEqual(['/coupons', '/campaigns', '/users', '/tags', '/products', '/playground']);
  });

  it('operators see every page but the admin ones', () => {
    expect(paths(['OPERATOR'])).toEqual(['/dashboard', '/coupons', '/campaigns', '/simulator', '/users', '/tags', '/products', '/jobs', '/playground']);
  });

  it('admins see everything; several roles see the union', () => {
    expect(paths(['ADMIN'])).toEqual(NAV.map((n) => n.path));
    expect(paths(['ANALYST', 'SUPPORT'])).toEqual(['/dashboard', '/coupons', '/campaigns', '/simulator', '/users', '/tags', '/products', '/jobs', '/playground']);
    expect(paths([])).toEqual(['/playground']);
  });

  it('the order simulator is shown to operators, analysts and admins, not to support', () => {
    const has = (roles: string[]) => navFor(roles).some((n) => n.path === '/simulator');
    expect(has(['OPERATOR'])).toBe(true);
    expect(has(['ANALYST'])).toBe(true);
    expect(has(['ADMIN'])).toBe(true);
    expect(has(['SUPPORT'])).toBe(false);
    expect(has([])).toBe(false);
    expect(mayOpen('/simulator', ['SUPPORT'])).toBe(false);
    expect(mayOpen('/simulator', ['ANALYST'])).toBe(true);
  });

  it('campaigns are shown to operators, analysts, support and admins', () => {
    const has = (roles: string[]) => navFor(roles).some((n) => n.path === '/campaigns');
    expect(has(['OPERATOR'])).toBe(true);
    expect(has(['ANALYST'])).toBe(true);
    expect(has(['SUPPORT'])).toBe(true);
    expect(has(['ADMIN'])).toBe(true);
    expect(has([])).toBe(false);
    expect(mayOpen('/campaigns/k1', ['SUPPORT'])).toBe(true);
    expect(mayOpen('/campaigns/k1', [])).toBe(false);
  });

  it('a page and its sub-pages are open to the roles of its entry; others are open', () => {
    expect(mayOpen('/users', ['ANALYST'])).toBe(false);
    expect(mayOpen('/users/u1', ['ANALYST'])).toBe(false);
    expect(mayOpen('/users/u1', ['SUPPORT'])).toBe(true);
    expect(mayOpen('/jobs/j1', ['SUPPORT'])).toBe(false);
    expect(mayOpen('/jobs/j1', ['ADMIN'])).toBe(true);
    expect(mayOpen('/dashboard', ['SUPPORT'])).toBe(false);
    expect(mayOpen('/coupons/c1/edit', ['ANALYST'])).toBe(true);
    expect(mayOpen('/usersx', ['ANALYST'])).toBe(true); // not a page of /users
    expect(mayOpen('/nowhere', [])).toBe(true);
  });
});
