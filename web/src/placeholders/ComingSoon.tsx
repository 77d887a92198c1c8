import { Card, Result } from 'antd';

export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <Card>
      <Result status="info" title={`${title}: coming soon`} subTitle={description} />
    </Card>
  );
}
