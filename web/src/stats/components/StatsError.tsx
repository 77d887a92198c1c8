import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../errors';

/** The words for a failed statistics read; UNAVAILABLE means the server has no statistics (yet). */
export function statsErrorMessage(err: unknown): string {
  if (err instanceof ApiError && err.code === 'UNAVAILABLE') return i18n.t('stats:unavailable');
  return errorMessage(err);
}

export function StatsError({ error }: { error: unknown }) {
  useTranslation('stats');
  return <Alert type="error" showIcon title={statsErrorMessage(error)} data-testid="stats-error" />;
}
