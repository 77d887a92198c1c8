import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ReplicationCard } from '../components/ReplicationCard';

/**
 * /system (ADMIN): how the deployment's parts are doing as the answering
 * instance sees them. Today: the read replicas and their lag.
 */
export default function SystemPage() {
  const { t } = useTranslation('system');
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <ReplicationCard />
    </div>
  );
}
