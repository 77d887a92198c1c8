import { TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import { useCategories } from '../hooks';

interface CommonProps {
  disabled?: boolean;
  id?: string;
  placeholder?: string;
}

/** Several categories (the default): value/onChange are id lists. */
export interface CategoryPickerManyProps extends CommonProps {
  multiple?: true;
  value?: string[];
  onChange?: (ids: string[]) => void;
}

/** One category or none: value/onChange are an id or null. */
export interface CategoryPickerOneProps extends CommonProps {
  multiple: false;
  value?: string | null;
  onChange?: (id: string | null) => void;
}

export type CategoryPickerProps = CategoryPickerManyProps | CategoryPickerOneProps;

/**
 * Picks categories (ids) from the tree; a category stands for itself and all
 * of its descendants, so choosing a parent does not tick its children. Ids
 * that are not (or no longer) in the catalog are kept and shown as ids.
 * With multiple={false} it picks one category (or none, cleared).
 */
export function CategoryPicker(props: CategoryPickerProps) {
  const { t } = useTranslation('catalog');
  const { disabled, id, placeholder } = props;
  const chosen = props.multiple === false ? (props.value ? [props.value] : []) : (props.value ?? []);
  const categories = useCategories(!disabled || chosen.length > 0);
  const common = {
    id,
    allowClear: true,
    disabled,
    treeData: categories.tree,
    treeDefaultExpandAll: true,
    showSearch: { treeNodeFilterProp: 'title' },
    treeTitleRender: (n: { value?: unknown; title?: unknown }) => (
      <span data-testid={`category-option-${n.value as string}`}>
        {n.title as string}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {n.value as string}
        </Typography.Text>
      </span>
    ),
    loading: categories.isPending && categories.fetchStatus !== 'idle',
    notFoundContent: categories.isError ? errorMessage(categories.error) : t('categoryPicker.none'),
    style: { width: '100%' },
    'data-testid': 'category-picker',
  };
  if (props.multiple === false) {
    const { onChange } = props;
    return (
      <TreeSelect<string | undefined>
        {...common}
        value={props.value ?? undefined}
        onChange={(v) => onChange?.(v ?? null)}
        placeholder={placeholder ?? t('categoryPicker.placeholderOne')}
      />
    );
  }
  const { onChange } = props;
  return (
    <TreeSelect<string[]>
      {...common}
      multiple
      value={chosen}
      onChange={(ids) => onChange?.(ids)}
      placeholder={placeholder ?? t('categoryPicker.placeholder')}
    />
  );
}
