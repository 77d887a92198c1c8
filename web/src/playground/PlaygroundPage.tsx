// Loaded lazily: GraphiQL and its Monaco editor are most of the bundle.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import type { ComponentProps } from 'react';
import { GRAPHQL_ENDPOINT } from '../api/client';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

const fetcher: Fetcher = async (params, opts) => {
  const res = await fetch(GRAPHQL_ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(opts?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return res.json();
};

const DEFAULT_QUERY = `# Queries run as the signed-in console user.
{
  me {
    name
    roles
  }
}
`;

export default function PlaygroundPage() {
  return (
    <div style={{ height: '100%' }} data-testid="playground">
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
    </div>
  );
}
