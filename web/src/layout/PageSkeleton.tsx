import { Skeleton } from 'antd';
import i18n from '../i18n';
import { PANEL_STYLE } from '../placeholders/panel';

/** What the content area shows while a page's code (or its first data) loads: never a blank page. */
export function PageSkeleton() {
  return (
    <div data-testid="page-skeleton" aria-busy="true" aria-label={i18n.t('page.loading')}>
      <Skeleton.Input active size="large" style={{ width: 240, marginBottom: 16 }} />
      <div style={PANEL_STYLE}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    </div>
  );
}
