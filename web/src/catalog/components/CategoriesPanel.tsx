import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Spin, Tree, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import { categoriesKey, useCategories } from '../hooks';
import { ImportCsvDialog } from './ImportCsvDialog';

/** The category tree, and (for operators) an import of `id,name,parentId`. */
export function CategoriesPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation(['catalog', 'common']);
  const qc = useQueryClient();
  const categories = useCategories();
  const [importOpen, setImportOpen] = useState(false);
  const count = categories.data?.length;

  return (
    <Card
      size="small"
      title={
        <>
          {t('categories.title')}{' '}
          {count != null && (
            <Typography.Text type="secondary" data-testid="categories-count">
              ({count})
            </Typography.Text>
          )}
        </>
      }
      extra={
        canEdit && (
          <Button size="small" onClick={() => setImportOpen(true)} data-testid="import-categories">
            {t('categories.importCsv')}
          </Button>
        )
      }
      data-testid="categories-panel"
    >
      {categories.isPending && !categories.isError ? (
        <Spin size="small" />
      ) : categories.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(categories.error)}
          action={
            <Button size="small" onClick={() => categories.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
          data-testid="categories-error"
        />
      ) : categories.tree.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('categories.none')} />
      ) : (
        <Tree
          // remount when the set changes so that every level opens
          key={categories.dataUpdatedAt}
          showLine
          defaultExpandAll
          selectable={false}
          treeData={categories.tree}
          titleRender={(n) => (
            <span data-testid={`category-${n.key}`}>
              {n.title as string} <Typography.Text type="secondary">{n.key as string}</Typography.Text>
            </span>
          )}
          style={{ maxHeight: 480, overflow: 'auto' }}
          data-testid="categories-tree"
        />
      )}
      <ImportCsvDialog
        kind="categories"
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={() => void qc.invalidateQueries({ queryKey: categoriesKey })}
      />
    </Card>
  );
}
