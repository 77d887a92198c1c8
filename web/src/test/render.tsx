// Helpers for page tests: the providers main.tsx sets up, a memory router,
// and a fetch that answers GraphQL operations by name.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { App as AntApp } from 'antd';
import { vi } from 'vitest';

export interface GraphQLCall {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

type Handler = (variables: Record<string, unknown>) => unknown;

/**
 * Stubs global fetch: POST /graphql bodies are routed to handlers[operation
 * name]; a handler returns the `data` object, or { errors } to fail. Unknown
 * operations answer with an error. Returns the calls made.
 */
export function mockGraphQL(handlers: Record<string, Handler>) {
  const calls: GraphQLCall[] = [];
  const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { query: string; variables?: Record<string, unknown> };
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/m.exec(body.query)?.[1] ?? '';
    const variables = body.variables ?? {};
    calls.push({ operationName, query: body.query, variables });
    const h = handlers[operationName];
    const result = h
      ? h(variables)
      : { errors: [{ message: `no mock for ${operationName}`, extensions: { code: 'INTERNAL' } }] };
    const payload =
      result && typeof result === 'object' && 'errors' in (result as object) ? result : { data: result };
    return new Response(JSON.stringify(payload), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const ADMIN_ME = { me: { id: 'u1', name: 'admin', kind: 'CONSOLE_USER', roles: ['ADMIN'] } };

/** Renders `element` at `url`, matched by the route `path`, inside the app's providers. */
export function renderPage(element: ReactElement, { path, url }: { path: string; url: string }) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path, element },
      { path: '*', element: <div data-testid="elsewhere" /> },
    ],
    { initialEntries: [url] },
  );
  const utils = render(
    <AntApp>
      <QueryClientProvider client={qc}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AntApp>,
  );
  return { ...utils, router, qc };
}
