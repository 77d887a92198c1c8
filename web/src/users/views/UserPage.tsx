import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { Alert, Card, Empty, Input, Space, Typography } from 'antd';
import type { UserCouponStatus } from '../../gql/graphql';
import { UserCouponsTable } from '../components/UserCouponsTable';
import { UserTagsEditor } from '../components/UserTagsEditor';
import { statusesFromParam, userPath } from '../format';
import { useUserKnown, useUserTags } from '../hooks';

/** /users: look a user up by id; /users/:userId: their tags and coupons (?status=UNUSED,USED filters). */
export default function UserPage() {
  const { t } = useTranslation('users');
  const { userId = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(userId);
  useEffect(() => setSearch(userId), [userId]);
  const status = statusesFromParam(params.get('status'));
  const known = useUserKnown(userId);
  const tags = useUserTags(userId);
  // unknown: no coupon and no tag (a tag given here since makes it known)
  const notFound = known === false && !(tags.data?.length ?? 0);

  const setStatus = (s: UserCouponStatus[]) => {
    const next = new URLSearchParams(params);
    if (s.length) next.set('status', s.join(','));
    else next.delete('status');
    setParams(next, { replace: true });
  };

  return (
    <>
      <Space
        style={{
          width: '100%',
          justifyContent: 'space-between',
          marginBottom: 16,
        }}
        wrap
      >
        <Typography.Title level={3} style={{ margin: 0 }}>
          {userId ? (
            <>
              {t('page.user')}{' '}
              <span data-testid="user-id" data-i18n-data>
                {userId}
              </span>
            </>
          ) : (
            t('page.title')
          )}
        </Typography.Title>
        <Input.Search
          allowClear
          enterButton={t('page.lookUp')}
          placeholder={t('page.placeholder')}
          style={{ width: 360 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => {
            const id = v.trim();
            navigate(id ? userPath(id) : '/users');
          }}
          data-testid="user-search"
        />
      </Space>
      {!userId ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('page.empty')} data-testid="users-empty" />
        </Card>
      ) : (
        // plain blocks, not a flex Space: a wide table must scroll inside its card, not widen the page
        <div style={{ minWidth: 0 }}>
          {notFound && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="user-not-found"
              title={t('page.notFound')}
              description={
                <Trans
                  t={t}
                  i18nKey="page.notFoundText"
                  values={{ id: userId }}
                  components={{ code: <Typography.Text code /> }}
                />
              }
            />
          )}
          <Card title={t('page.tags')} size="small" style={{ marginBottom: 16 }}>
            <UserTagsEditor key={userId} userId={userId} />
          </Card>
          {!notFound && (
            <Card title={t('page.coupons')} size="small">
              <UserCouponsTable key={userId} userId={userId} status={status} onStatusChange={setStatus} />
            </Card>
          )}
        </div>
      )}
    </>
  );
}
