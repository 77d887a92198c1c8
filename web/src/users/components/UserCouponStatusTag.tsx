import { useTranslation } from 'react-i18next';
import { Tag } from 'antd';
import type { UserCouponStatus } from '../../gql/graphql';
import { USER_COUPON_STATUS_COLORS } from '../format';

export function UserCouponStatusTag({ status }: { status: UserCouponStatus }) {
  const { t } = useTranslation('users');
  return (
    <Tag color={USER_COUPON_STATUS_COLORS[status] ?? 'default'} data-testid="user-coupon-status">
      {t(`status.${status}`, { defaultValue: status })}
    </Tag>
  );
}
