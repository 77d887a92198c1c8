import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Menu, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLogout, useMe } from '../auth/useAuth';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import common from '../i18n/locales/en-US/common.json';
import { entryFor, mayUse, navFor } from './nav';
import { PageSkeleton } from './PageSkeleton';
import { NoAccess } from '../placeholders/NoAccess';

const { Sider, Header, Content } = Layout;

const isRole = (r: string): r is keyof typeof common.roles => r in common.roles;

export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const logout = useLogout(() => navigate('/login', { replace: true }));
  const nav = navFor(me.data?.roles);
  const selected = nav.find((n) => location.pathname === n.path || location.pathname.startsWith(n.path + '/'));
  const fullBleed = location.pathname.startsWith('/playground');
  // a page the principal's roles may not use is not rendered (its queries would only fail)
  const entry = entryFor(location.pathname);
  const denied = !!me.data && !!entry && !mayUse(entry, me.data.roles);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} width={200}>
        <div style={{ color: '#fff', fontWeight: 600, fontSize: 18, padding: '16px 24px' }}>{t('appName')}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected.path] : []}
          items={nav.map((n) => ({ key: n.path, label: <Link to={n.path}>{t(`nav.${n.label}`)}</Link> }))}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
          }}
        >
          <Space size="middle">
            <strong data-testid="principal-name">{me.data?.name}</strong>
            <span>
              {me.data?.roles.map((r) => (
                <Tag key={r} color="blue">
                  {isRole(r) ? t(`roles.${r}`) : r}
                </Tag>
              ))}
            </span>
            <LanguageSwitch />
            <Button onClick={() => logout.mutate()} loading={logout.isPending}>
              {t('header.logout')}
            </Button>
          </Space>
        </Header>
        <Content style={fullBleed ? { height: 'calc(100vh - 64px)' } : { margin: 24 }}>
          {denied ? (
            <NoAccess page={t(`nav.${entry!.label}`)} />
          ) : (
            // a boundary per page: a page whose code is not loaded yet shows the skeleton, even
            // when reached from another page (a boundary already shown would keep the old page)
            <Suspense key={entry?.path ?? location.pathname} fallback={<PageSkeleton />}>
              <Outlet />
            </Suspense>
          )}
        </Content>
      </Layout>
    </Layout>
  );
}
