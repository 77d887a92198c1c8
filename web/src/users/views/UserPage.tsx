import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Card, Empty, Input, Space, Typography } from 'antd';
import type { UserCouponStatus } from '../../gql/graphql';
import { UserCouponsTable } from '../components/UserCouponsTable';
import { UserTagsEditor } from '../components/UserTagsEditor';
import { statusesFromParam, userPath } from '../format';

/** /users: look a user up by id; /users/:userId: their tags and coupons (?status=UNUSED,USED filters). */
export default function UserPage() {
  const { userId = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(userId);
  useEffect(() => setSearch(userId), [userId]);
  const status = statusesFromParam(params.get('status'));

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
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title="Tags" size="small">
            <UserTagsEditor key={userId} userId={userId} />
          </Card>
          <Card title="Coupons" size="small">
            <UserCouponsTable key={userId} userId={userId} status={status} onStatusChange={setStatus} />
          </Card>
        </Space>
      )}
    </>
  );
}
