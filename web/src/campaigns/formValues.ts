// Conversion between the campaign dialog's values and the API's CampaignInput.
import type { CampaignInput } from '../gql/graphql';

export interface BudgetFormValues {
  /** the cap on the total discount; empty: none */
  amount?: string | null;
  /** the cap on uses per UTC day; empty: none */
  usesPerDay?: number | null;
}

export interface CampaignFormValues {
  name: string;
  description?: string;
  currency?: string;
  budget?: BudgetFormValues;
}

export const CAMPAIGN_FORM_FIELDS = ['name', 'description', 'currency', 'budget', 'budget.amount', 'budget.usesPerDay'] as const;

function trimmed(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
}

/**
 * The budget as the API takes it: always both caps, null where none, so that
 * an update that clears a cap removes it (a null BudgetInput would keep it).
 */
export function toBudgetInput(b: BudgetFormValues | null | undefined): { amount: string | null; usesPerDay: number | null } {
  return { amount: trimmed(b?.amount), usesPerDay: b?.usesPerDay ?? null };
}

export function toCampaignInput(v: CampaignFormValues): CampaignInput {
  return {
    name: v.name.trim(),
    description: v.description?.trim() ?? '',
    currency: trimmed(v.currency)?.toUpperCase() ?? null,
    budget: toBudgetInput(v.budget),
  };
}

export function fromCampaign(c: {
  name: string;
  description: string;
  currency: string;
  budget: { amount?: string | null; usesPerDay?: number | null };
}): CampaignFormValues {
  return {
    name: c.name,
    description: c.description,
    currency: c.currency,
    budget: { amount: c.budget.amount ?? undefined, usesPerDay: c.budget.usesPerDay ?? null },
  };
}
