import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { CampaignOptionsQuery, CampaignQuery, CampaignsQuery, CampaignStatsQuery } from './queries';

export const campaignsKey = ['campaigns'] as const;
export const campaignKey = (id: string) => ['campaign', id] as const;
export const campaignStatsKey = (id: string) => ['campaign', id, 'stats'] as const;

export function useCampaigns() {
  return useQuery({
    queryKey: campaignsKey,
    queryFn: async () => (await gqlRequest(CampaignsQuery)).campaigns,
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKey(id),
    queryFn: async () => (await gqlRequest(CampaignQuery, { id })).campaign ?? null,
  });
}

export function useCampaignStats(id: string, enabled: boolean) {
  return useQuery({
    queryKey: campaignStatsKey(id),
    queryFn: async () => (await gqlRequest(CampaignStatsQuery, { id })).campaign?.stats ?? null,
    enabled,
  });
}

export interface CampaignOption {
  id: string;
  name: string;
  currency: string;
}

/** Every campaign, for the coupon form's select (the API has no paging for campaigns). */
export async function campaignOptions(): Promise<CampaignOption[]> {
  return (await gqlRequest(CampaignOptionsQuery)).campaigns;
}
