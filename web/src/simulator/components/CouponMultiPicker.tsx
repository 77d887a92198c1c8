import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { SimulatorCouponsQuery } from '../../gql/graphql';
import { discountSummary } from '../../coupons/format';
import { StatusTag } from '../../coupons/components/StatusTag';
import { MAX_SIMULATED } from '../cart';
import { SimulatorCouponsQuery as CouponsDoc } from '../queries';

export type PickedCoupon = SimulatorCouponsQuery['coupons']['edges'][number]['node'];

const DEBOUNCE_MS = 250;

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const t = setTimeout(() => setD(v), ms);
    return () => clearTimeout(t);
  }, [v, ms]);
  return d;
}

export interface CouponMultiPickerProps {
  id?: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
  disabled?: boolean;
}

function CouponLabel({ c }: { c: PickedCoupon }) {
  const { t } = useTranslation(['coupons', 'simulator']);
  return (
    <span data-testid={`sim-coupon-option-${c.id}`}>
      {c.name}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`coupons:discountClass.${c.class}`)} · {discountSummary(c.discount, c.currency)}
      </Typography.Text>
    </span>
  );
}

/**
 * Picks coupons by id (a Form control): typing searches coupons(filter:
 * {search}) on the server, in any status. Chosen coupons keep their names
 * (remembered from the results they were picked from) and show as tags.
 */
export function CouponMultiPicker({ id, value, onChange, disabled }: CouponMultiPickerProps) {
  const { t } = useTranslation(['simulator', 'coupons']);
  const selected = useMemo(() => value ?? [], [value]);
  const [term, setTerm] = useState('');
  const search = useDebounced(term.trim(), DEBOUNCE_MS);
  const [known, setKnown] = useState<Map<string, PickedCoupon>>(() => new Map());

  const results = useQuery({
    queryKey: ['coupons', 'simulator', search],
    queryFn: async () => (await gqlRequest(CouponsDoc, { search: search || null })).coupons,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    enabled: !disabled,
  });
  const found = useMemo(() => results.data?.edges.map((e) => e.node) ?? [], [results.data]);
  useEffect(() => {
    if (found.length === 0) return;
    setKnown((m) => {
      const next = new Map(m);
      for (const c of found) next.set(c.id, c);
      return next;
    });
  }, [found]);
  const more = (results.data?.totalCount ?? 0) - found.length;

  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      allowClear
      disabled={disabled}
      value={selected}
      onChange={(ids) => onChange?.(ids)}
      onSelect={() => setTerm('')}
      maxCount={MAX_SIMULATED}
      placeholder={t('coupons.placeholder')}
      showSearch={{ filterOption: false, onSearch: setTerm, searchValue: term, autoClearSearchValue: true }}
      loading={results.isFetching}
      options={found.map((c) => ({ value: c.id, title: c.name, label: <CouponLabel c={c} /> }))}
      optionRender={(o) => {
        const c = found.find((x) => x.id === o.value);
        return (
          <span style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            {o.data.label}
            {c && <StatusTag status={c.status} />}
          </span>
        );
      }}
      labelRender={({ value: cid }) => {
        const c = known.get(String(cid));
        return c ? c.name : <Typography.Text type="secondary">{String(cid)}</Typography.Text>;
      }}
      tagRender={({ value: cid, closable, onClose }) => {
        const c = known.get(String(cid));
        return (
          <Tag closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }} data-testid={`sim-coupon-tag-${String(cid)}`}>
            {c ? c.name : String(cid)}
          </Tag>
        );
      }}
      notFoundContent={
        results.isPending ? (
          <Spin size="small" />
        ) : results.isError ? (
          <Typography.Text type="danger">
            {t('coupons.error')}: {errorMessage(results.error)}
          </Typography.Text>
        ) : (
          t('coupons.empty')
        )
      }
      popupRender={(menu) => (
        <>
          {menu}
          {more > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px', fontSize: 12 }}>
              {t('coupons.more')}
            </Typography.Text>
          )}
        </>
      )}
      style={{ width: '100%' }}
      data-testid="sim-coupon-picker"
    />
  );
}
