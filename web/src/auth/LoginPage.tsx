import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { PANEL_STYLE } from '../placeholders/panel';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { errorMessage, mapUserErrors } from '../errors';
import { LoginMutation } from './queries';
import { meQueryKey } from './useAuth';

interface LoginValues {
  username: string;
  password: string;
}

export default function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();

  const login = useMutation({
    mutationFn: (v: LoginValues) => gqlRequest(LoginMutation, v),
    onSuccess: (data) => {
      const { principal, userErrors } = data.login;
      if (principal && userErrors.length === 0) {
        qc.clear();
        qc.setQueryData(meQueryKey, principal);
        const next = params.get('next');
        navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        return;
      }
      const mapped = mapUserErrors(userErrors, ['username', 'password']);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : 'Sign-in failed.'));
    },
    onError: (e) => setError(errorMessage(e)),
  });

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <div style={{ ...PANEL_STYLE, width: 360, boxSizing: 'border-box' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          coupond console
        </Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            setError(null);
            login.mutate(v);
          }}
        >
          <Form.Item name="username" label="Username" htmlFor="login-username" rules={[{ required: true, message: 'Enter your username' }]}>
            <Input autoComplete="username" autoFocus id="login-username" />
          </Form.Item>
          <Form.Item name="password" label="Password" htmlFor="login-password" rules={[{ required: true, message: 'Enter your password' }]}>
            <Input.Password autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            Sign in
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }} data-testid="login-admin-hint">
          Forgot the admin password? Start the server with COUPOND_ADMIN_PASSWORD set: it resets the password of the
          user admin on that start.
        </Typography.Paragraph>
      </div>
    </div>
  );
}
