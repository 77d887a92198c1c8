import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Input, theme } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PANEL_STYLE } from '../placeholders/panel';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { gqlRequest } from '../api/client';
import { errorMessage, mapUserErrors } from '../errors';
import { LoginMutation } from './queries';
import { meQueryKey } from './useAuth';

interface LoginValues {
  username: string;
  password: string;
}
type FieldErrors = Partial<Record<keyof LoginValues, string>>;

/**
 * The sign-in page. Two fields need no form library: this page is part of the
 * JavaScript every first visit loads (antd's Form would add 12 KB gzipped).
 */
export default function LoginPage() {
  const [values, setValues] = useState<LoginValues>({ username: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const { t } = useTranslation();
  const { token } = theme.useToken();

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
      setFieldErrors(Object.fromEntries(mapped.fields.map((f) => [f.name[0], f.errors.join(' ')])));
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : t('login.failed')));
    },
    onError: (e) => setError(errorMessage(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: FieldErrors = {};
    if (!values.username.trim()) missing.username = t('login.usernameRequired');
    if (!values.password) missing.password = t('login.passwordRequired');
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length === 0) login.mutate(values);
  };
  const change = (name: keyof LoginValues) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    setFieldErrors((f) => ({ ...f, [name]: undefined }));
  };
  const field = (name: keyof LoginValues, input: ReactNode) => (
    <div style={{ marginBottom: token.marginLG }}>
      <label htmlFor={`login-${name}`} style={{ display: 'block', paddingBottom: token.paddingXS }}>
        {t(`login.${name}`)}
      </label>
      {input}
      {fieldErrors[name] && (
        <div role="alert" style={{ color: token.colorError, marginTop: 2 }}>
          {fieldErrors[name]}
        </div>
      )}
    </div>
  );

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5', position: 'relative' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <div style={{ ...PANEL_STYLE, width: 360, boxSizing: 'border-box' }}>
        <h1 style={{ textAlign: 'center', marginTop: 0, fontSize: token.fontSizeHeading3, fontWeight: 600 }}>
          {t('login.title')}
        </h1>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <form onSubmit={submit} noValidate>
          {field(
            'username',
            <Input
              id="login-username"
              autoComplete="username"
              autoFocus
              value={values.username}
              onChange={change('username')}
              status={fieldErrors.username ? 'error' : undefined}
            />,
          )}
          {field(
            'password',
            <Input.Password
              id="login-password"
              autoComplete="current-password"
              value={values.password}
              onChange={change('password')}
              status={fieldErrors.password ? 'error' : undefined}
            />,
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.signIn')}
          </Button>
        </form>
        <p style={{ color: token.colorTextSecondary, fontSize: 12, marginTop: 16, marginBottom: 0 }} data-testid="login-admin-hint">
          {t('login.adminHint')}
        </p>
      </div>
    </div>
  );
}
