import { Tag } from 'antd';
import type { CouponStatus } from '../../gql/graphql';
import { STATUS_COLORS } from '../format';

export function StatusTag({ status }: { status: CouponStatus }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag">
      {status}
    </Tag>
  );
}
