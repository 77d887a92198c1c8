import type { CSSProperties } from 'react';

/**
 * A white panel like antd's Card, for what the first page shows (the shell,
 * the login, 404/403, the loading skeleton): Card pulls in Tabs, which the
 * initial bundle does without.
 */
export const PANEL_STYLE: CSSProperties = {
  background: '#fff',
  border: '1px solid #f0f0f0',
  borderRadius: 8,
  padding: 24,
};
