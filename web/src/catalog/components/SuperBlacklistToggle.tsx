import { useMutation } from '@tanstack/react-query';
import { App, Popconfirm, Switch } from 'antd';
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
      message.success(on ? `${product.name} removed from the super-blacklist` : `${product.name} super-blacklisted`);
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const toggle = (
    <Switch
      checked={on}
      disabled={!editable}
      loading={change.isPending}
      checkedChildren="blacklisted"
      unCheckedChildren="off"
      aria-label={`Super-blacklist ${product.name}`}
      data-testid={`blacklist-toggle-${product.id}`}
    />
  );
  if (!editable) return toggle;
  return (
    <Popconfirm
      title={on ? 'Remove from the super-blacklist?' : 'Super-blacklist this product?'}
      description={
        on
          ? `Coupons whose scope covers ${product.name} apply to it again.`
          : `No coupon will apply to ${product.name}, whatever its scope says.`
      }
      okText={on ? 'Remove' : 'Blacklist'}
      okButtonProps={{ danger: !on, 'data-testid': 'blacklist-confirm' }}
      onConfirm={() => change.mutateAsync()}
    >
      {toggle}
    </Popconfirm>
  );
}
