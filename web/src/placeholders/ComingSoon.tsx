import { Result } from 'antd';
import { PANEL_STYLE } from './panel';

export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <div style={PANEL_STYLE}>
      <Result status="info" title={`${title}: coming soon`} subTitle={description} />
    </div>
  );
}
