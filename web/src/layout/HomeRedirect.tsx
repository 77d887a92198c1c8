import { Navigate } from 'react-router';
import { useMe } from '../auth/useAuth';
import { landingPath } from './nav';

/** "/": the dashboard for analysts, the coupons for everyone else. */
export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={landingPath(me.data?.roles)} replace />;
}
