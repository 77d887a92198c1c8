import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, mapUserErrors } from '../../errors';
import { MAX_ID_BYTES, MAX_PRODUCT_NAME_CHARS, charCount, utf8Bytes } from '../csv';
import { useSaveProduct, type Product } from '../hooks';
import { CategoryPicker } from './CategoryPicker';

/** Mount it for one creation or edit (the form starts from `product` when mounted). */
export interface ProductDialogProps {
  open: boolean;
  /** the product to edit (its id is locked); null or absent: a new product */
  product?: Pick<Product, 'id' | 'name' | 'categoryId'> | null;
  onClose: () => void;
}

interface Values {
  id: string;
  name: string;
  categoryId: string | null;
}

const FIELDS = ['id', 'name', 'categoryId'];
// the server names the fields of one product ["products", "0", "name"]
const ALIASES = { 'products.id': 'id', 'products.name': 'name', 'products.categoryId': 'categoryId' };

/**
 * Creates or edits one product (id, name, category) with upsertProducts. The
 * form checks what the server checks (internal/catalog): the id and the name
 * are required, trimmed, the id at most 64 UTF-8 bytes, the name at most 300
 * characters. A new id that
 * already exists is refused on the id field rather than overwritten.
 */
export function ProductDialog({ open, product, onClose }: ProductDialogProps) {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveProduct();
  const [general, setGeneral] = useState<string[]>([]);
  const editing = !!product;

  const submit = async (v: Values) => {
    setGeneral([]);
    const input = { id: editing ? product!.id : v.id.trim(), name: v.name.trim(), categoryId: v.categoryId || null };
    try {
      const res = await save.mutateAsync({ product: input, create: !editing });
      if (res.exists) {
        form.setFields([{ name: 'id', errors: [t('productForm.idExists')] }]);
        return;
      }
      if (res.userErrors.length) {
        const mapped = mapUserErrors(res.userErrors, FIELDS, ALIASES);
        form.setFields(mapped.fields.map((f) => ({ name: f.name.join('.') as keyof Values, errors: f.errors })));
        setGeneral(mapped.general);
        return;
      }
      message.success(t(editing ? 'productForm.updated' : 'productForm.created', { id: input.id }));
      onClose();
    } catch (e) {
      setGeneral([errorMessage(e)]);
    }
  };

  /** required once trimmed, and at most `max` by `measure` (UTF-8 bytes for ids, characters for names) */
  const textRules = (required: string, tooLong: string, max: number, measure: (s: string) => number) => [
    {
      validator: async (_: unknown, value: string | undefined) => {
        const s = (value ?? '').trim();
        if (!s) throw new Error(required);
        if (measure(s) > max) throw new Error(tooLong);
      },
    },
  ];

  return (
    <Modal
      title={editing ? t('productForm.editTitle') : t('productForm.createTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? t('common:actions.save') : t('common:actions.create')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'product-submit' }}
      mask={{ closable: !save.isPending }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="product"
        initialValues={{ id: product?.id ?? '', name: product?.name ?? '', categoryId: product?.categoryId ?? null }}
        onFinish={submit}
        data-testid="product-form"
      >
        <Form.Item
          name="id"
          label={t('productForm.id')}
          rules={editing ? [] : textRules(t('productForm.idRequired'), t('productForm.idTooLong', { max: MAX_ID_BYTES }), MAX_ID_BYTES, utf8Bytes)}
          extra={editing ? t('productForm.idHelpEdit') : t('productForm.idHelpCreate', { max: MAX_ID_BYTES })}
        >
          <Input
            readOnly={editing}
            variant={editing ? 'filled' : 'outlined'}
            autoFocus={!editing}
            placeholder={t('productForm.idPlaceholder')}
            data-testid="product-id"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('productForm.name')}
          rules={textRules(
            t('productForm.nameRequired'),
            t('productForm.nameTooLong', { max: MAX_PRODUCT_NAME_CHARS }),
            MAX_PRODUCT_NAME_CHARS,
            charCount,
          )}
        >
          <Input autoFocus={editing} data-testid="product-name" />
        </Form.Item>
        <Form.Item name="categoryId" label={t('productForm.category')}>
          <CategoryPicker multiple={false} placeholder={t('productForm.categoryPlaceholder')} />
        </Form.Item>
        {general.length > 0 && (
          <Alert type="error" showIcon title={general.join(' ')} data-testid="product-error" />
        )}
      </Form>
    </Modal>
  );
}
