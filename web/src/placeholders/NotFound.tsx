import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { PANEL_STYLE } from './panel';

/** An address the console has no page for. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <div style={PANEL_STYLE} data-testid="not-found">
      <Result
        status="404"
        title="404"
        subTitle={t('page.notFound')}
        extra={
          <Link to="/">
            <Button type="primary">{t('page.goHome')}</Button>
          </Link>
        }
      />
    </div>
  );
}
