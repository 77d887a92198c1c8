import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import { fetchProducts, productsKey, useProductsById, type Product } from '../hooks';

const SEARCH_PAGE = 20;
const DEBOUNCE_MS = 250;

export interface ProductPickerProps {
  value?: string[];
  onChange?: (ids: string[]) => void;
  disabled?: boolean;
  id?: string;
  placeholder?: string;
}

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const t = setTimeout(() => setD(v), ms);
    return () => clearTimeout(t);
  }, [v, ms]);
  return d;
}

function ProductLabel({ id, product }: { id: string; product?: Product | null }) {
  const { t } = useTranslation('catalog');
  return (
    <span data-testid={`product-option-${id}`}>
      {product ? product.name : <Typography.Text type="secondary">{product === null ? t('productPicker.unknown') : '…'}</Typography.Text>}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {id}
      </Typography.Text>
    </span>
  );
}

/**
 * Picks products by id (a Form control: value/onChange are id lists). Typing
 * searches the catalog on the server (products(search:), name or id
 * contains); each option shows the name and the id. The chosen ids keep
 * their names through useProductsById and show as tags.
 *
 * The list offers only products not chosen yet, and only the results for the
 * text in the box (nothing while the search is on its way), so Enter always
 * picks the highlighted search result and never takes a chosen product away;
 * a chosen product goes only by its tag's close icon (or "clear all"), not by
 * Enter or Backspace. The search text clears after each pick.
 */
export function ProductPicker({ value, onChange, disabled, id, placeholder }: ProductPickerProps) {
  const { t } = useTranslation('catalog');
  const qc = useQueryClient();
  const selected = useMemo(() => value ?? [], [value]);
  const [term, setTerm] = useState('');
  const search = useDebounced(term.trim(), DEBOUNCE_MS);
  const [open, setOpen] = useState(false);

  const results = useQuery({
    queryKey: [...productsKey, 'picker', search],
    queryFn: () => fetchProducts(qc, { search: search || null, first: SEARCH_PAGE }),
    enabled: open && !disabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const known = useProductsById(selected);

  // results of an older search (debounce pending, or kept while the new one loads) are not offered
  const current = search === term.trim() && !results.isPlaceholderData;
  const found = current ? results.data?.edges.map((e) => e.node) ?? [] : [];
  const offered = found.filter((p) => !selected.includes(p.id));
  const options = offered.map((p) => ({
    value: p.id,
    title: `${p.name} (${p.id})`,
    label: <ProductLabel id={p.id} product={p as Product} />,
  }));

  const more = current && results.data && results.data.totalCount > found.length ? results.data.totalCount - found.length : 0;
  const loading = !current || results.isFetching;

  return (
    <div
      style={{ width: '100%' }}
      // Backspace in an empty search box would take the last chosen product away
      onKeyDownCapture={(e) => {
        if (e.key === 'Backspace' && term === '') e.stopPropagation();
      }}
    >
      <Select<string[]>
        id={id}
        mode="multiple"
        allowClear
        disabled={disabled}
        value={selected}
        onChange={(ids) => onChange?.(ids)}
        onSelect={() => setTerm('')}
        options={options}
        labelRender={({ value: pid }) => <ProductLabel id={String(pid)} product={known.byId.get(String(pid))} />}
        placeholder={placeholder ?? t('productPicker.placeholder')}
        showSearch={{ filterOption: false, onSearch: setTerm, searchValue: term, autoClearSearchValue: true }}
        onOpenChange={setOpen}
        optionRender={(o) => (
          <span>
            {o.data.label}
            {found.find((p) => p.id === o.value)?.superBlacklisted && (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {' '}
                {t('productPicker.superBlacklisted')}
              </Typography.Text>
            )}
          </span>
        )}
        notFoundContent={
          loading ? (
            <Spin size="small" />
          ) : results.isError ? (
            <Typography.Text type="danger">{errorMessage(results.error)}</Typography.Text>
          ) : found.length > 0 ? (
            t('productPicker.allChosen')
          ) : search ? (
            t('productPicker.noMatch')
          ) : (
            t('productPicker.none')
          )
        }
        popupRender={(menu) => (
          <>
            {menu}
            {more > 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px', fontSize: 12 }}>
                {t('productPicker.more', { count: more })}
              </Typography.Text>
            )}
          </>
        )}
        style={{ width: '100%' }}
        data-testid="product-picker"
      />
    </div>
  );
}
