import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Card, Empty, Input, Space, Typography } from 'antd';
import type { UserCouponStatus } from '../../gql/graphql';
import { UserCouponsTable } from '../components/UserCouponsTable';
import { UserTagsEditor } from '../components/UserTagsEditor';
import { statusesFromParam, userPath } from '../format';
import { useUserKnown, useUserTags } from '../hooks';

/** /users: look a user up by id; /users/:userId: their tags and coupons (?status=UNUSED,USED filters). */
export default function UserPage() {
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
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {userId ? (
            <>
              User <span data-testid="user-id">{userId}</span>
            </>
          ) : (
            'Users'
          )}
        </Typography.Title>
        <Input.Search
          allowClear
          enterButton="Look up"
          placeholder="User id"
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
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="Enter a user id to see the user's tags and the coupons they hold."
            data-testid="users-empty"
          />
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
              title="User not found"
              description={
                <>
                  No user <Typography.Text code>{userId}</Typography.Text> is known here: they hold no coupons and have no tags.
                  Check the id; you can still give it a tag below.
                </>
              }
            />
          )}
          <Card title="Tags" size="small" style={{ marginBottom: 16 }}>
            <UserTagsEditor key={userId} userId={userId} />
          </Card>
          {!notFound && (
            <Card title="Coupons" size="small">
              <UserCouponsTable key={userId} userId={userId} status={status} onStatusChange={setStatus} />
            </Card>
          )}
        </div>
      )}
    </>
  );
}
