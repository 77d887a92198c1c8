import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { useLogout, useMe } from '../auth/useAuth';
import { navFor } from './nav';

const { Sider, Header, Content } = Layout;

export function AppLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const logout = useLogout(() => navigate('/login', { replace: true }));
  const nav = navFor(me.data?.roles);
  const selected = nav.find((n) => location.pathname === n.path || location.pathname.startsWith(n.path + '/'));
  const fullBleed = location.pathname.startsWith('/playground');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} width={200}>
        <div style={{ color: '#fff', fontWeight: 600, fontSize: 18, padding: '16px 24px' }}>coupond</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected.path] : []}
          items={nav.map((n) => ({ key: n.path, label: <Link to={n.path}>{n.label}</Link> }))}
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
            <Typography.Text strong data-testid="principal-name">
              {me.data?.name}
            </Typography.Text>
            <span>
              {me.data?.roles.map((r) => (
                <Tag key={r} color="blue">
                  {r}
                </Tag>
              ))}
            </span>
            <Button onClick={() => logout.mutate()} loading={logout.isPending}>
              Log out
            </Button>
          </Space>
        </Header>
        <Content style={fullBleed ? { height: 'calc(100vh - 64px)' } : { margin: 24 }}>
          <Suspense
            fallback={
              <div style={{ display: 'grid', placeItems: 'center', height: '100%', minHeight: 200 }}>
                <Spin size="large" />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
