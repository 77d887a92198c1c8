import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CouponStatus } from '../../gql/graphql';
import { STATUS_COLORS } from '../format';

/** A coupon's status, in the console's language; loads the coupons catalogue itself, so any page may show it. */
export function StatusTag({ status }: { status: CouponStatus }) {
  const { t } = useTranslation('coupons');
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag">
      {t(`status.${status}`, { defaultValue: status })}
    </Tag>
  );
}
