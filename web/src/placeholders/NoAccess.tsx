import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { PANEL_STYLE } from './panel';

/** A page the signed-in principal's roles may not use (rendered instead of it, so its queries are never sent). */
export function NoAccess({ page }: { page?: string }) {
  const { t } = useTranslation();
  return (
    <div style={PANEL_STYLE} data-testid="no-access">
      <Result
        status="403"
        title={t('page.noAccess')}
        subTitle={page ? t('page.noAccessPage', { page }) : t('page.noAccessAny')}
        extra={
          <Link to="/">
            <Button type="primary">{t('page.goHome')}</Button>
          </Link>
        }
      />
    </div>
  );
}
