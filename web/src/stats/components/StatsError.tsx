import { Alert } from 'antd';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../errors';

/** The words for a failed statistics read; UNAVAILABLE means the server has no statistics (yet). */
export function statsErrorMessage(err: unknown): string {
  if (err instanceof ApiError && err.code === 'UNAVAILABLE') return 'Statistics are not available on this server yet.';
  return errorMessage(err);
}

export function StatsError({ error }: { error: unknown }) {
  return <Alert type="error" showIcon title={statsErrorMessage(error)} data-testid="stats-error" />;
}
