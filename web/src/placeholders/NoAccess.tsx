import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { PANEL_STYLE } from './panel';

/** A page the signed-in principal's roles may not use (rendered instead of it, so its queries are never sent). */
export function NoAccess({ page }: { page?: string }) {
  return (
    <div style={PANEL_STYLE} data-testid="no-access">
      <Result
        status="403"
        title="No access"
        subTitle={`Your roles do not allow ${page ? `the ${page} page` : 'this page'}. Ask an administrator if you need it.`}
        extra={
          <Link to="/">
            <Button type="primary">Go home</Button>
          </Link>
        }
      />
    </div>
  );
}
