import { Tag, Tooltip } from 'antd';
import { formatAsOf, isStale } from '../format';

/** "as of 14:03:07"; a warning when the figures are more than a minute old. */
export function AsOfTag({ asOf }: { asOf: string | null | undefined }) {
  if (!asOf) return null;
  const stale = isStale(asOf);
  const tag = (
    <Tag color={stale ? 'warning' : 'default'} data-testid="stats-as-of" data-stale={stale ? 'true' : 'false'}>
      {formatAsOf(asOf)}
    </Tag>
  );
  return stale ? (
    <Tooltip title="These figures are more than a minute old: recent activity is not counted yet.">{tag}</Tooltip>
  ) : (
    tag
  );
}
