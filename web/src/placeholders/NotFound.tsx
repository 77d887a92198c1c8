import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { PANEL_STYLE } from './panel';

/** An address the console has no page for. */
export function NotFound() {
  return (
    <div style={PANEL_STYLE} data-testid="not-found">
      <Result
        status="404"
        title="404"
        subTitle="There is no page at this address."
        extra={
          <Link to="/">
            <Button type="primary">Go home</Button>
          </Link>
        }
      />
    </div>
  );
}
