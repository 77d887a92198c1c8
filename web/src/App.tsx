import { lazy } from 'react';
import { Navigate, createBrowserRouter } from 'react-router';
import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { ApiError, onUnauthenticated } from './api/client';
import { RequireAuth } from './auth/RequireAuth';
import LoginPage from './auth/LoginPage';
import { meQueryKey } from './auth/useAuth';
import { AppLayout } from './layout/AppLayout';
import { HomeRedirect } from './layout/HomeRedirect';
import { NotFound } from './placeholders/NotFound';

// Every page but the login page is its own chunk, loaded when first opened
// (AppLayout shows a skeleton meanwhile): the first page needs only the shell.
const CouponListPage = lazy(() => import('./coupons/views/CouponListPage'));
const CouponDetailPage = lazy(() => import('./coupons/views/CouponDetailPage'));
const CouponCreatePage = lazy(() => import('./coupons/views/CouponEditPages').then((m) => ({ default: m.CouponCreatePage })));
const CouponEditPage = lazy(() => import('./coupons/views/CouponEditPages').then((m) => ({ default: m.CouponEditPage })));
const CampaignListPage = lazy(() => import('./campaigns/views/CampaignListPage'));
const CampaignDetailPage = lazy(() => import('./campaigns/views/CampaignDetailPage'));
const SimulatorPage = lazy(() => import('./simulator/views/SimulatorPage'));
const UserPage = lazy(() => import('./users/views/UserPage'));
const TagListPage = lazy(() => import('./tags/views/TagListPage'));
const ProductsPage = lazy(() => import('./catalog/views/ProductsPage'));
const JobListPage = lazy(() => import('./issuance/views/JobListPage'));
const JobCreatePage = lazy(() => import('./issuance/views/JobCreatePage'));
const JobDetailPage = lazy(() => import('./issuance/views/JobDetailPage'));
const DashboardPage = lazy(() => import('./stats/views/DashboardPage'));
const MigrationPage = lazy(() => import('./migration/views/MigrationPage'));
const SystemPage = lazy(() => import('./system/views/SystemPage'));
const PlaygroundPage = lazy(() => import('./playground/PlaygroundPage'));
const AuditLogPage = lazy(() => import('./admin/views/AuditLogPage'));
const ApiKeysPage = lazy(() => import('./admin/views/ApiKeysPage'));
const ConsoleUsersPage = lazy(() => import('./admin/views/ConsoleUsersPage'));

const NO_RETRY = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache(),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: {
        retry: (count, err) => !(err instanceof ApiError && NO_RETRY.has(err.code)) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <HomeRedirect /> },
        { path: 'dashboard', element: <DashboardPage /> },
        { path: 'stats', element: <Navigate to="/dashboard" replace /> },
        { path: 'coupons', element: <CouponListPage /> },
        { path: 'coupons/new', element: <CouponCreatePage /> },
        { path: 'coupons/:id', element: <CouponDetailPage /> },
        { path: 'coupons/:id/edit', element: <CouponEditPage /> },
        { path: 'campaigns', element: <CampaignListPage /> },
        { path: 'campaigns/:id', element: <CampaignDetailPage /> },
        { path: 'simulator', element: <SimulatorPage /> },
        { path: 'users', element: <UserPage /> },
        { path: 'users/:userId', element: <UserPage /> },
        { path: 'tags', element: <TagListPage /> },
        { path: 'products', element: <ProductsPage /> },
        { path: 'jobs', element: <JobListPage /> },
        { path: 'jobs/new', element: <JobCreatePage /> },
        { path: 'jobs/:id', element: <JobDetailPage /> },
        { path: 'migration', element: <MigrationPage /> },
        { path: 'system', element: <SystemPage /> },
        { path: 'audit', element: <AuditLogPage /> },
        { path: 'api-keys', element: <ApiKeysPage /> },
        { path: 'console-users', element: <ConsoleUsersPage /> },
        { path: 'playground', element: <PlaygroundPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}

/** On any UNAUTHENTICATED answer: forget the session and go to /login. */
export function wireUnauthenticated(qc: QueryClient, router: ReturnType<typeof createRouter>) {
  return onUnauthenticated(() => {
    qc.setQueryData(meQueryKey, null);
    const { pathname, search } = router.state.location;
    if (pathname !== '/login') {
      void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
    }
  });
}
