import { Typography } from 'antd';
import { ReplicationCard } from '../components/ReplicationCard';

/**
 * /system (ADMIN): how the deployment's parts are doing as the answering
 * instance sees them. Today: the read replicas and their lag.
 */
export default function SystemPage() {
  return (
    <div>
      <Typography.Title level={3}>System</Typography.Title>
      <ReplicationCard />
    </div>
  );
}
