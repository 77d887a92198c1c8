import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatAsOf, isStale } from '../format';

/** "as of 14:03:07"; a warning when the figures are more than a minute old. */
export function AsOfTag({ asOf }: { asOf: string | null | undefined }) {
  const { t } = useTranslation('stats');
  if (!asOf) return null;
  const stale = isStale(asOf);
  const tag = (
    <Tag color={stale ? 'warning' : 'default'} data-testid="stats-as-of" data-stale={stale ? 'true' : 'false'}>
      {formatAsOf(asOf)}
    </Tag>
  );
  return stale ? (
    <Tooltip title={t('stale')}>{tag}</Tooltip>
  ) : (
    tag
  );
}
