import { TreeSelect, Typography } from 'antd';
import { errorMessage } from '../../errors';
import { useCategories } from '../hooks';

export interface CategoryPickerProps {
  value?: string[];
  onChange?: (ids: string[]) => void;
  disabled?: boolean;
  id?: string;
}

/**
 * Picks categories (ids) from the tree; a category stands for itself and all
 * of its descendants, so choosing a parent does not tick its children. Ids
 * that are not (or no longer) in the catalog are kept and shown as ids.
 */
export function CategoryPicker({ value, onChange, disabled, id }: CategoryPickerProps) {
  const categories = useCategories(!disabled || (value?.length ?? 0) > 0);
  return (
    <TreeSelect<string[]>
      id={id}
      multiple
      allowClear
      disabled={disabled}
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      treeData={categories.tree}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeTitleRender={(n) => (
        <span data-testid={`category-option-${n.value as string}`}>
          {n.title as string}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {n.value as string}
          </Typography.Text>
        </span>
      )}
      loading={categories.isPending && categories.fetchStatus !== 'idle'}
      placeholder="Choose categories"
      notFoundContent={categories.isError ? errorMessage(categories.error) : 'No categories.'}
      style={{ width: '100%' }}
      data-testid="category-picker"
    />
  );
}
