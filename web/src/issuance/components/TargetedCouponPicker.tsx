import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import { gqlRequest } from '../../api/client';
import { TargetedCouponsQuery } from '../queries';

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const t = setTimeout(() => setD(v), ms);
    return () => clearTimeout(t);
  }, [v, ms]);
  return d;
}

export interface TargetedCouponPickerProps {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  disabled?: boolean;
}

/**
 * Picks a coupon a job may issue: coupons(filter: {status: [ACTIVE], channel:
 * TARGETED}), searched by name on the server. A Form control (value = coupon id).
 */
export function TargetedCouponPicker({ id, value, onChange, disabled }: TargetedCouponPickerProps) {
  const { t } = useTranslation('issuance');
  const [term, setTerm] = useState('');
  const search = useDebounced(term.trim(), 250);
  const coupons = useQuery({
    queryKey: ['coupons', 'targeted', search],
    queryFn: async () => (await gqlRequest(TargetedCouponsQuery, { search: search || null })).coupons,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const nodes = coupons.data?.edges.map((e) => e.node) ?? [];
  const more = (coupons.data?.totalCount ?? 0) - nodes.length;

  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      disabled={disabled}
      placeholder={t('picker.placeholder')}
      showSearch={{ filterOption: false, onSearch: setTerm, searchValue: term, autoClearSearchValue: true }}
      loading={coupons.isFetching}
      notFoundContent={
        coupons.isPending ? (
          <Spin size="small" />
        ) : coupons.isError ? (
          <Typography.Text type="danger">{t('picker.error')}</Typography.Text>
        ) : (
          t('picker.empty')
        )
      }
      options={nodes.map((c) => ({
        value: c.id,
        title: c.name,
        label: (
          <span data-testid={`coupon-option-${c.id}`}>
            {c.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('picker.stock', { remaining: formatNumber(c.remainingStock), total: formatNumber(c.totalStock) })}
            </Typography.Text>
          </span>
        ),
      }))}
      popupRender={(menu) => (
        <>
          {menu}
          {more > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px', fontSize: 12 }}>
              {t('picker.more', { count: more, n: formatNumber(more) })}
            </Typography.Text>
          )}
        </>
      )}
      style={{ width: '100%' }}
      data-testid="job-coupon-picker"
    />
  );
}
