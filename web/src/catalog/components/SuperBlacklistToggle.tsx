import { useMutation } from '@tanstack/react-query';
import { App, Popconfirm, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import type { SetSuperBlacklistMutationVariables } from '../../gql/graphql';
import type { Product } from '../hooks';
import { SetSuperBlacklistMutation } from '../mutations';

export interface SuperBlacklistToggleProps {
  product: Product;
  /** false: shown, not switchable (setSuperBlacklist needs OPERATOR) */
  editable: boolean;
  /** after the server accepted the change */
  onChanged: (p: Product) => void;
}

/** The product's super-blacklist flag; flipping it asks for confirmation first. */
export function SuperBlacklistToggle({ product, editable, onChanged }: SuperBlacklistToggleProps) {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const on = product.superBlacklisted;
  const change = useMutation({
    mutationFn: async () => {
      const vars: SetSuperBlacklistMutationVariables = on ? { remove: [product.id] } : { add: [product.id] };
      return (await gqlRequest(SetSuperBlacklistMutation, vars)).setSuperBlacklist;
    },
    onSuccess: (p) => {
      if (p.userErrors.length) {
        message.error(p.userErrors.map(userErrorMessage).join(' '));
        return;
      }
      onChanged({ ...product, superBlacklisted: !on });
      message.success(t(on ? 'blacklist.removed' : 'blacklist.added', { name: product.name }));
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const toggle = (
    <Switch
      checked={on}
      disabled={!editable}
      loading={change.isPending}
      checkedChildren={t('blacklist.on')}
      unCheckedChildren={t('blacklist.off')}
      aria-label={t('blacklist.aria', { name: product.name })}
      data-testid={`blacklist-toggle-${product.id}`}
    />
  );
  if (!editable) return toggle;
  return (
    <Popconfirm
      title={on ? t('blacklist.confirmRemove') : t('blacklist.confirmAdd')}
      description={on ? t('blacklist.descRemove', { name: product.name }) : t('blacklist.descAdd', { name: product.name })}
      okText={on ? t('blacklist.okRemove') : t('blacklist.okAdd')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ danger: !on, 'data-testid': 'blacklist-confirm' }}
      onConfirm={() => change.mutateAsync()}
    >
      {toggle}
    </Popconfirm>
  );
}
