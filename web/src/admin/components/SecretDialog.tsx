import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';

export interface SecretDialogProps {
  /** the key's name and its secret; null: closed */
  secret: { name: string; secret: string } | null;
  onClose: () => void;
}

/** Shows a new API key's secret, the one time it can be seen. */
export function SecretDialog({ secret, onClose }: SecretDialogProps) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const close = () => {
    setCopied(false);
    onClose();
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.secret);
      setCopied(true);
      message.success(t('apiKeys.secret.copied'));
    } catch {
      message.error(t('apiKeys.secret.copyFailed'));
    }
  };
  return (
    <Modal
      title={secret ? t('apiKeys.secret.title', { name: secret.name }) : ''}
      open={secret !== null}
      onCancel={close}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={close} data-testid="secret-done">
          {copied ? t('apiKeys.secret.done') : t('apiKeys.secret.stored')}
        </Button>
      }
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title={t('apiKeys.secret.warning')}
        description={t('apiKeys.secret.warningDetail')}
        style={{ marginBottom: 16 }}
        data-testid="secret-warning"
      />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={secret?.secret ?? ''} data-testid="api-key-secret" onFocus={(e) => e.target.select()} />
        <Button onClick={copy} data-testid="copy-secret">
          {copied ? t('apiKeys.secret.copiedButton') : t('apiKeys.secret.copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
