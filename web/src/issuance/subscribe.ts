// Live job progress over the websocket at /graphql (graphql-transport-ws, the
// protocol of the graphql-ws package; coupond's gqlgen speaks it). Same origin,
// so the session cookie rides the upgrade request.
import { createClient, type Client } from 'graphql-ws';
import type { IssuanceJobFieldsFragment } from '../gql/graphql';
import { GRAPHQL_ENDPOINT } from '../api/client';
import { IssuanceJobProgressSubscription } from './queries';

let client: Client | null = null;

/** ws://host/graphql or wss://host/graphql, from the page's own location. */
export function websocketURL(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${GRAPHQL_ENDPOINT}`;
}

function getClient(): Client {
  client ??= createClient({
    url: websocketURL(),
    lazy: true, // connects with the first subscription, closes after the last
    retryAttempts: 1, // then the caller falls back to polling
    connectionAckWaitTimeout: 5000,
  });
  return client;
}

export interface ProgressHandlers {
  next: (job: IssuanceJobFieldsFragment) => void;
  /** the socket or the subscription failed: poll instead */
  error: (err: unknown) => void;
  /** the server ended the subscription (after the final state) */
  complete: () => void;
}

/** Follows one job; returns the function that stops following it. */
export function subscribeJobProgress(id: string, h: ProgressHandlers): () => void {
  let c: Client;
  try {
    c = getClient();
  } catch (e) {
    h.error(e);
    return () => {};
  }
  return c.subscribe<{ issuanceJobProgress: IssuanceJobFieldsFragment }>(
    { query: IssuanceJobProgressSubscription.toString(), variables: { id } },
    {
      next: (r) => {
        if (r.errors?.length) h.error(r.errors);
        else if (r.data?.issuanceJobProgress) h.next(r.data.issuanceJobProgress);
      },
      error: h.error,
      complete: h.complete,
    },
  );
}
