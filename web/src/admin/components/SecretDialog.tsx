import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space } from 'antd';

export interface SecretDialogProps {
  /** the key's name and its secret; null: closed */
  secret: { name: string; secret: string } | null;
  onClose: () => void;
}

/** Shows a new API key's secret, the one time it can be seen. */
export function SecretDialog({ secret, onClose }: SecretDialogProps) {
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
      message.success('Secret copied');
    } catch {
      message.error('Could not copy: select the secret and copy it by hand.');
    }
  };
  return (
    <Modal
      title={secret ? `API key ${secret.name} created` : ''}
      open={secret !== null}
      onCancel={close}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={close} data-testid="secret-done">
          {copied ? 'Done' : 'I have stored the secret'}
        </Button>
      }
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title="Copy the secret now: it cannot be shown again."
        description="Only a hash of it is stored. If it is lost, revoke this key and create a new one."
        style={{ marginBottom: 16 }}
        data-testid="secret-warning"
      />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={secret?.secret ?? ''} data-testid="api-key-secret" onFocus={(e) => e.target.select()} />
        <Button onClick={copy} data-testid="copy-secret">
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
