import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { gqlRequest } from '../api/client';
import { ApiKeysQuery, AuditLogQuery, ConsoleUsersQuery } from './queries';

export const auditLogKey = ['auditLog'] as const;
export const apiKeysKey = ['apiKeys'] as const;
export const consoleUsersKey = ['consoleUsers'] as const;

export const AUDIT_PAGE_SIZE = 50;

/** What the audit log page narrows by; empty fields match everything. */
export interface AuditFilters {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** ISO times: since included, until excluded */
  since?: string;
  until?: string;
}

/** The audit log page's filter form. */
export interface AuditFilterValues {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** The form's values as filters: blanks dropped, the range as ISO times (either end may be open). */
export function toAuditFilters(v: AuditFilterValues): AuditFilters {
  const f: AuditFilters = {};
  for (const k of ['actor', 'action', 'entityType', 'entityId'] as const) {
    const s = v[k]?.trim();
    if (s) f[k] = s;
  }
  if (v.range?.[0]) f.since = v.range[0].toDate().toISOString();
  if (v.range?.[1]) f.until = v.range[1].toDate().toISOString();
  return f;
}

const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Audit entries, newest first, a page at a time. */
export function useAuditLog(f: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...auditLogKey, f],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      (
        await gqlRequest(AuditLogQuery, {
          actor: orNull(f.actor),
          action: orNull(f.action),
          entityType: orNull(f.entityType),
          entityId: orNull(f.entityId),
          since: f.since ?? null,
          until: f.until ?? null,
          first: AUDIT_PAGE_SIZE,
          after: pageParam,
        })
      ).auditLog,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? null) : null),
    placeholderData: keepPreviousData,
  });
}

/** The API keys that are not revoked, newest first. */
export function useApiKeys() {
  return useQuery({ queryKey: apiKeysKey, queryFn: async () => (await gqlRequest(ApiKeysQuery)).apiKeys });
}

/** Every console user, oldest first. */
export function useConsoleUsers() {
  return useQuery({
    queryKey: consoleUsersKey,
    queryFn: async () => (await gqlRequest(ConsoleUsersQuery)).consoleUsers,
  });
}
