import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Spin } from 'antd';
import { useMe } from './useAuth';
import { errorMessage } from '../errors';

/** Renders its children for a signed-in principal, else goes to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    const code = (me.error as { code?: string }).code;
    if (code !== 'UNAUTHENTICATED') {
      return <Alert type="error" showIcon style={{ margin: 24 }} title={errorMessage(me.error)} />;
    }
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
