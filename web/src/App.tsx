import { lazy } from 'react';
import { Navigate, createBrowserRouter } from 'react-router';
import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { ApiError, onUnauthenticated } from './api/client';
import { RequireAuth } from './auth/RequireAuth';
import LoginPage from './auth/LoginPage';
import { meQueryKey } from './auth/useAuth';
import { AppLayout } from './layout/AppLayout';
import { NAV } from './layout/nav';
import { HomeRedirect } from './layout/HomeRedirect';
import { ComingSoon } from './placeholders/ComingSoon';
import CouponListPage from './coupons/views/CouponListPage';
import CouponDetailPage from './coupons/views/CouponDetailPage';
import { CouponCreatePage, CouponEditPage } from './coupons/views/CouponEditPages';
import UserPage from './users/views/UserPage';
import TagListPage from './tags/views/TagListPage';
import ProductsPage from './catalog/views/ProductsPage';
import JobListPage from './issuance/views/JobListPage';
import JobCreatePage from './issuance/views/JobCreatePage';
import JobDetailPage from './issuance/views/JobDetailPage';
import DashboardPage from './stats/views/DashboardPage';
import MigrationPage from './migration/views/MigrationPage';
import SystemPage from './system/views/SystemPage';

const PlaygroundPage = lazy(() => import('./playground/PlaygroundPage'));

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
        { path: 'users', element: <UserPage /> },
        { path: 'users/:userId', element: <UserPage /> },
        { path: 'tags', element: <TagListPage /> },
        { path: 'products', element: <ProductsPage /> },
        { path: 'jobs', element: <JobListPage /> },
        { path: 'jobs/new', element: <JobCreatePage /> },
        { path: 'jobs/:id', element: <JobDetailPage /> },
        { path: 'migration', element: <MigrationPage /> },
        { path: 'system', element: <SystemPage /> },
        { path: 'playground', element: <PlaygroundPage /> },
        ...NAV.filter((n) => n.soon).map((n) => ({
          path: n.path.slice(1),
          element: <ComingSoon title={n.label} description={n.soon!} />,
        })),
        { path: '*', element: <ComingSoon title="Not found" description="There is no page at this address." /> },
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
