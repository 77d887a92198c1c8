/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AudienceInput = {
  file?: File | null | undefined;
  tags?: TagRuleInput | null | undefined;
  userIds?: Array<string | number> | null | undefined;
};

export type BudgetInput = {
  amount?: string | null | undefined;
  usesPerDay?: number | null | undefined;
};

export type CampaignInput = {
  budget?: BudgetInput | null | undefined;
  currency?: string | null | undefined;
  description?: string | null | undefined;
  name: string;
};

export type CartInput = {
  currency?: string | null | undefined;
  items: Array<CartItemInput>;
  shippingFee?: string | null | undefined;
};

export type CartItemInput = {
  categoryId?: string | number | null | undefined;
  productId: string | number;
  quantity: number;
  unitPrice: string;
};

export type CategoryInput = {
  id: string | number;
  name: string;
  parentId?: string | number | null | undefined;
};

export type Channel =
  | 'CLAIM'
  | 'CODE'
  | 'TARGETED';

export type ConsoleUserInput = {
  password: string;
  roles: Array<Role>;
  username: string;
};

export type CouponFilter = {
  campaignId?: string | number | null | undefined;
  channel?: Channel | null | undefined;
  search?: string | null | undefined;
  status?: Array<CouponStatus> | null | undefined;
};

export type CouponInput = {
  budget?: BudgetInput | null | undefined;
  campaignId?: string | number | null | undefined;
  channels?: Array<Channel> | null | undefined;
  claimEndsAt?: string | null | undefined;
  claimStartsAt?: string | null | undefined;
  combinesWith?: Array<DiscountClass> | null | undefined;
  currency?: string | null | undefined;
  description?: string | null | undefined;
  discount: DiscountInput;
  exclusive?: boolean | null | undefined;
  name: string;
  perUserLimit?: number | null | undefined;
  productScope?: ProductScopeInput | null | undefined;
  stockSlots?: number | null | undefined;
  tagRule?: TagRuleInput | null | undefined;
  totalStock: number;
  validity: ValidityInput;
};

export type CouponOrder = {
  direction?: OrderDirection;
  field: CouponOrderField;
};

/** What the coupon list is sorted by; ties are broken by creation, in the same direction. */
export type CouponOrderField =
  | 'CREATED_AT'
  | 'NAME'
  | 'STATUS'
  | 'TOTAL_STOCK';

export type CouponStatus =
  | 'ACTIVE'
  | 'DRAFT'
  | 'ENDED'
  | 'PAUSED';

/**
 * The part of an order a coupon discounts, derived from its discount and
 * product scope: PRODUCT (a scope of products or categories), ORDER (every
 * product), SHIPPING (free shipping). A stack applies PRODUCT coupons first,
 * then ORDER coupons on what is left, then SHIPPING.
 */
export type DiscountClass =
  | 'ORDER'
  | 'PRODUCT'
  | 'SHIPPING';

export type DiscountInput = {
  amountOff?: string | null | undefined;
  kind: DiscountKind;
  maxDiscount?: string | null | undefined;
  minOrderAmount?: string | null | undefined;
  percentOff?: string | null | undefined;
};

export type DiscountKind =
  | 'AMOUNT_OFF'
  | 'FREE_SHIPPING'
  | 'PERCENT_OFF';

export type ErrorCode =
  | 'BUDGET_EXHAUSTED'
  | 'BUSY'
  | 'CHANNEL_CLOSED'
  | 'CODE_DISABLED'
  | 'CODE_INVALID'
  | 'CODE_USED'
  | 'CONFLICT'
  | 'CURRENCY_MISMATCH'
  | 'ENDED'
  | 'FORBIDDEN'
  | 'INACTIVE'
  | 'INVALID_INPUT'
  | 'INVALID_STATE'
  | 'LIMIT_REACHED'
  | 'NOT_COMBINABLE'
  | 'NOT_ELIGIBLE'
  | 'NOT_FOUND'
  | 'NOT_STARTED'
  | 'NOT_USABLE'
  | 'NO_ELIGIBLE_ITEMS'
  | 'OUT_OF_STOCK'
  | 'RATE_LIMITED'
  | 'THRESHOLD_NOT_MET'
  | 'TOO_MANY';

export type GenerateCodesInput = {
  count: number;
  couponId: string | number;
  length?: number | null | undefined;
  prefix?: string | null | undefined;
};

export type Granularity =
  | 'DAY'
  | 'HOUR';

export type IssuanceJobInput = {
  audience: AudienceInput;
  batchSize?: number | null | undefined;
  couponId: string | number;
  name?: string | null | undefined;
  notify?: boolean | null | undefined;
  notifyBatchSize?: number | null | undefined;
  readBatchSize?: number | null | undefined;
};

export type JobStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'PAUSED'
  | 'PENDING'
  | 'RUNNING';

export type MigrationDiffKind =
  | 'DIFFERENT'
  | 'MISSING_IN_COUPOND'
  | 'MISSING_IN_LEGACY'
  | 'STOCK';

/**
 * Which side the user coupons of migrated coupons (those copied from the
 * monolith) are written to first, second, and read from.
 */
export type MigrationMode =
  | 'DUAL_WRITE'
  | 'DUAL_WRITE_NEW_READ'
  | 'LEGACY_ONLY'
  | 'NEW_ONLY';

export type MigrationTaskKind =
  | 'COPY'
  | 'REPAIR'
  | 'STATIC_COPY'
  | 'VERIFY';

export type MigrationTaskStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'FAILED'
  | 'RUNNING';

export type OrderDirection =
  | 'ASC'
  | 'DESC';

export type PrincipalKind =
  | 'API_KEY'
  | 'CONSOLE_USER'
  | 'SHOPPER';

export type ProductInput = {
  categoryId?: string | number | null | undefined;
  id: string | number;
  name: string;
};

export type ProductScopeInput = {
  categoryIds?: Array<string | number> | null | undefined;
  kind: ProductScopeKind;
  productIds?: Array<string | number> | null | undefined;
};

export type ProductScopeKind =
  | 'ALL'
  | 'BLACKLIST'
  | 'WHITELIST';

export type ReshardPhase =
  | 'FROZEN'
  | 'OPEN'
  | 'SWITCHED';

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'OPERATOR'
  | 'SERVICE'
  | 'SHOPPER'
  | 'SUPPORT';

/** Why a coupon is not in a stack. */
export type StackExclusion =
  | 'NOTHING_OFF'
  | 'NOT_APPLICABLE'
  | 'NOT_COMBINABLE'
  | 'NO_GAIN'
  | 'STACK_FULL';

export type TagInput = {
  description?: string | null | undefined;
  kind?: TagKind | null | undefined;
  name: string;
};

export type TagKind =
  | 'BATCH'
  | 'REALTIME';

export type TagRuleInput = {
  allOf?: Array<string> | null | undefined;
  anyOf?: Array<string> | null | undefined;
  noneOf?: Array<string> | null | undefined;
};

/** What to change of a tag: a null field is kept. The name is the tag's key and does not change. */
export type TagUpdateInput = {
  description?: string | null | undefined;
  kind?: TagKind | null | undefined;
};

export type UserCouponStatus =
  | 'EXPIRED'
  | 'LOCKED'
  | 'REVOKED'
  | 'UNUSED'
  | 'USED';

export type ValidityInput = {
  days?: number | null | undefined;
  endsAt?: string | null | undefined;
  kind: ValidityKind;
  startsAt?: string | null | undefined;
};

export type ValidityKind =
  | 'FIXED'
  | 'RELATIVE';

export type CreateApiKeyMutationVariables = Exact<{
  name: string;
  roles: Array<Role> | Role;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string | null, apiKey: { id: string, name: string, roles: Array<Role>, createdAt: string, lastUsedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: boolean };

export type CreateConsoleUserMutationVariables = Exact<{
  input: ConsoleUserInput;
}>;


export type CreateConsoleUserMutation = { createConsoleUser: { consoleUser: { id: string, username: string, roles: Array<Role>, disabled: boolean, createdAt: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type UpdateConsoleUserMutationVariables = Exact<{
  id: string | number;
  roles?: Array<Role> | Role | null | undefined;
  disabled?: boolean | null | undefined;
}>;


export type UpdateConsoleUserMutation = { updateConsoleUser: { consoleUser: { id: string, username: string, roles: Array<Role>, disabled: boolean, createdAt: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type ResetConsoleUserPasswordMutationVariables = Exact<{
  id: string | number;
  password: string;
}>;


export type ResetConsoleUserPasswordMutation = { resetConsoleUserPassword: { consoleUser: { id: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type AuditLogQueryVariables = Exact<{
  actor?: string | null | undefined;
  action?: string | null | undefined;
  entityType?: string | null | undefined;
  entityId?: string | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { edges: Array<{ cursor: string, node: { id: string, at: string, actor: string, action: string, entityType: string, entityId: string, detail: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, roles: Array<Role>, createdAt: string, lastUsedAt: string | null }> };

export type ConsoleUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleUsersQuery = { consoleUsers: Array<{ id: string, username: string, roles: Array<Role>, disabled: boolean, createdAt: string }> };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, name: string, kind: PrincipalKind, roles: Array<Role> } | null };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { principal: { id: string, name: string, kind: PrincipalKind, roles: Array<Role> } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type CreateCampaignMutationVariables = Exact<{
  input: CampaignInput;
}>;


export type CreateCampaignMutation = { createCampaign: { campaign: { id: string, name: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type UpdateCampaignMutationVariables = Exact<{
  id: string | number;
  input: CampaignInput;
}>;


export type UpdateCampaignMutation = { updateCampaign: { campaign: { id: string, name: string } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CampaignsQueryVariables = Exact<{ [key: string]: never; }>;


export type CampaignsQuery = { campaigns: Array<{ id: string, name: string, description: string, currency: string, createdAt: string, updatedAt: string, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null }, coupons: Array<{ id: string }> }> };

export type CampaignQueryVariables = Exact<{
  id: string | number;
}>;


export type CampaignQuery = { campaign: { id: string, name: string, description: string, currency: string, createdAt: string, updatedAt: string, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null }, coupons: Array<{ id: string, name: string, status: CouponStatus, currency: string, class: DiscountClass, totalStock: number, remainingStock: number, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } }> } | null };

export type CampaignStatsQueryVariables = Exact<{
  id: string | number;
}>;


export type CampaignStatsQuery = { campaign: { id: string, stats: { issued: number, used: number, useRate: number, discountTotal: string, orderAmountTotal: string, asOf: string } } | null };

export type CampaignOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type CampaignOptionsQuery = { campaigns: Array<{ id: string, name: string, currency: string }> };

export type UpsertCategoriesMutationVariables = Exact<{
  categories: Array<CategoryInput> | CategoryInput;
}>;


export type UpsertCategoriesMutation = { upsertCategories: { count: number, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type UpsertProductsMutationVariables = Exact<{
  products: Array<ProductInput> | ProductInput;
}>;


export type UpsertProductsMutation = { upsertProducts: { count: number, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type SetSuperBlacklistMutationVariables = Exact<{
  add?: Array<string | number> | string | number | null | undefined;
  remove?: Array<string | number> | string | number | null | undefined;
}>;


export type SetSuperBlacklistMutation = { setSuperBlacklist: { count: number, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type CategoriesQuery = { categories: Array<{ id: string, name: string, parentId: string | null }> };

export type ProductsQueryVariables = Exact<{
  search?: string | null | undefined;
  superBlacklisted?: boolean | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ProductsQuery = { products: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, categoryId: string | null, superBlacklisted: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type GenerateCodesMutationVariables = Exact<{
  input: GenerateCodesInput;
}>;


export type GenerateCodesMutation = { generateCodes: { batch: { id: string, status: JobStatus, count: number, generated: number, redeemed: number, disabled: boolean, prefix: string, length: number, lastError: string | null, createdAt: string, finishedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type DisableCodeBatchMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableCodeBatchMutation = { disableCodeBatch: { batch: { id: string, status: JobStatus, count: number, generated: number, redeemed: number, disabled: boolean, prefix: string, length: number, lastError: string | null, createdAt: string, finishedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CodeBatchFieldsFragment = { id: string, status: JobStatus, count: number, generated: number, redeemed: number, disabled: boolean, prefix: string, length: number, lastError: string | null, createdAt: string, finishedAt: string | null };

export type CodeBatchesQueryVariables = Exact<{
  couponId: string | number;
}>;


export type CodeBatchesQuery = { codeBatches: Array<{ exportUrl: string | null, id: string, status: JobStatus, count: number, generated: number, redeemed: number, disabled: boolean, prefix: string, length: number, lastError: string | null, createdAt: string, finishedAt: string | null }> };

export type CreateCouponMutationVariables = Exact<{
  input: CouponInput;
}>;


export type CreateCouponMutation = { createCoupon: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type UpdateCouponMutationVariables = Exact<{
  id: string | number;
  input: CouponInput;
}>;


export type UpdateCouponMutation = { updateCoupon: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type ActivateCouponMutationVariables = Exact<{
  id: string | number;
}>;


export type ActivateCouponMutation = { activateCoupon: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type PauseCouponMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseCouponMutation = { pauseCoupon: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type EndCouponMutationVariables = Exact<{
  id: string | number;
}>;


export type EndCouponMutation = { endCoupon: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type AddStockMutationVariables = Exact<{
  id: string | number;
  quantity: number;
}>;


export type AddStockMutation = { addStock: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type SetProductScopeMutationVariables = Exact<{
  couponId: string | number;
  scope: ProductScopeInput;
}>;


export type SetProductScopeMutation = { setProductScope: { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CouponFieldsFragment = { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } };

export type CouponsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: CouponFilter | null | undefined;
  orderBy?: CouponOrder | null | undefined;
}>;


export type CouponsQuery = { coupons: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, campaign: { id: string, name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CouponQueryVariables = Exact<{
  id: string | number;
}>;


export type CouponQuery = { coupon: { id: string, name: string, description: string, status: CouponStatus, currency: string, claimStartsAt: string | null, claimEndsAt: string | null, channels: Array<Channel>, totalStock: number, remainingStock: number, perUserLimit: number, stockSlots: number, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, createdAt: string, updatedAt: string, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null }, validity: { kind: ValidityKind, startsAt: string | null, endsAt: string | null, days: number | null }, productScope: { kind: ProductScopeKind, productIds: Array<string>, categoryIds: Array<string> }, tagRule: { anyOf: Array<string>, allOf: Array<string>, noneOf: Array<string> }, campaign: { id: string, name: string, currency: string } | null, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, uses: number, usesToday: number, usesLeftToday: number | null } } | null };

export type CreateIssuanceJobMutationVariables = Exact<{
  input: IssuanceJobInput;
}>;


export type CreateIssuanceJobMutation = { createIssuanceJob: { job: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type PauseIssuanceJobMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseIssuanceJobMutation = { pauseIssuanceJob: { job: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type ResumeIssuanceJobMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeIssuanceJobMutation = { resumeIssuanceJob: { job: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CancelIssuanceJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelIssuanceJobMutation = { cancelIssuanceJob: { job: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type IssuanceJobFieldsFragment = { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } };

export type IssuanceJobsQueryVariables = Exact<{
  couponId?: string | number | null | undefined;
  status?: Array<JobStatus> | JobStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type IssuanceJobsQuery = { issuanceJobs: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type IssuanceJobQueryVariables = Exact<{
  id: string | number;
}>;


export type IssuanceJobQuery = { issuanceJob: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } | null };

export type IssuanceJobProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type IssuanceJobProgressSubscription = { issuanceJobProgress: { id: string, name: string, status: JobStatus, audienceSize: number | null, processed: number, issued: number, skipped: number, failed: number, notified: number, ratePerSecond: number, lastError: string | null, createdBy: string, createdAt: string, startedAt: string | null, finishedAt: string | null, coupon: { id: string, name: string } } };

export type TargetedCouponsQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type TargetedCouponsQuery = { coupons: { totalCount: number, edges: Array<{ node: { id: string, name: string, remainingStock: number, totalStock: number } }> } };

export type StartMigrationTaskMutationVariables = Exact<{
  kind: MigrationTaskKind;
  rowsPerSecond?: number | null | undefined;
}>;


export type StartMigrationTaskMutation = { startMigrationTask: { task: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CancelMigrationTaskMutationVariables = Exact<{ [key: string]: never; }>;


export type CancelMigrationTaskMutation = { cancelMigrationTask: { task: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type SetMigrationModeMutationVariables = Exact<{
  mode: MigrationMode;
}>;


export type SetMigrationModeMutation = { setMigrationMode: { migration: { mode: MigrationMode, modeChangedAt: string | null, modeChangedBy: string | null, configured: boolean, legacyTemplates: number, copiedTemplates: number, legacyRows: number, copiedThrough: number, rowsBehind: number, pendingRepairs: number, nextMode: MigrationMode | null, blockers: Array<string>, task: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null, lastVerify: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type MigrationTaskFieldsFragment = { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null };

export type MigrationFieldsFragment = { mode: MigrationMode, modeChangedAt: string | null, modeChangedBy: string | null, configured: boolean, legacyTemplates: number, copiedTemplates: number, legacyRows: number, copiedThrough: number, rowsBehind: number, pendingRepairs: number, nextMode: MigrationMode | null, blockers: Array<string>, task: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null, lastVerify: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null };

export type MigrationQueryVariables = Exact<{ [key: string]: never; }>;


export type MigrationQuery = { migration: { mode: MigrationMode, modeChangedAt: string | null, modeChangedBy: string | null, configured: boolean, legacyTemplates: number, copiedTemplates: number, legacyRows: number, copiedThrough: number, rowsBehind: number, pendingRepairs: number, nextMode: MigrationMode | null, blockers: Array<string>, task: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null, lastVerify: { id: string, kind: MigrationTaskKind, status: MigrationTaskStatus, mode: MigrationMode, rowsPerSecond: number, done: number, total: number, written: number, users: number, differences: number, error: string | null, startedBy: string, startedAt: string, updatedAt: string, finishedAt: string | null } | null } };

export type MigrationDiffsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MigrationDiffsQuery = { migration: { lastVerify: { id: string, diffs: { edges: Array<{ cursor: string, node: { id: string, kind: MigrationDiffKind, userId: string | null, couponId: string, legacyId: string | null, userCouponId: string | null, legacy: string, coupond: string, repaired: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null } };

export type ReshardingQueryVariables = Exact<{ [key: string]: never; }>;


export type ReshardingQuery = { resharding: { layout: string, generation: number, phase: ReshardPhase, changedAt: string | null, changedBy: string | null, note: string | null, target: string | null, tables: Array<{ table: string, copied: number, copiedThrough: number, lastId: number, caughtUpThrough: number, lastEvent: number }>, instances: Array<{ name: string, layout: string, generation: number, frozen: boolean, stale: boolean, seenAt: string }> } };

export type SimulatorCouponsQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type SimulatorCouponsQuery = { coupons: { totalCount: number, edges: Array<{ node: { id: string, name: string, status: CouponStatus, currency: string, class: DiscountClass, combinesWith: Array<DiscountClass>, exclusive: boolean, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null } } }> } };

export type SimulateStackQueryVariables = Exact<{
  cart: CartInput;
  couponIds: Array<string | number> | string | number;
}>;


export type SimulateStackQuery = { simulateStack: { discount: string, itemsTotal: string, shippingFee: string, maxCoupons: number, coupons: Array<{ discount: string, lines: Array<string>, shipping: string, coupon: { id: string, name: string, currency: string, class: DiscountClass } }>, leftOut: Array<{ why: StackExclusion, reason: ErrorCode | null, discount: string, coupon: { id: string, name: string, currency: string, class: DiscountClass } }> } };

export type CouponStatsFieldsFragment = { issued: number, used: number, refunded: number, expired: number, revoked: number, remainingStock: number, discountTotal: string, orderAmountTotal: string, useRate: number, asOf: string, issuedByChannel: Array<{ channel: Channel, count: number }> };

export type StatsOverviewQueryVariables = Exact<{
  from: string;
  to: string;
  first?: number | null | undefined;
}>;


export type StatsOverviewQuery = { statsOverview: { totals: { issued: number, used: number, refunded: number, expired: number, revoked: number, remainingStock: number, discountTotal: string, orderAmountTotal: string, useRate: number, asOf: string, issuedByChannel: Array<{ channel: Channel, count: number }> }, topCoupons: Array<{ coupon: { id: string, name: string, status: CouponStatus, currency: string }, stats: { issued: number, used: number, useRate: number, discountTotal: string, orderAmountTotal: string } }> } };

export type StatsSeriesQueryVariables = Exact<{
  couponId?: string | number | null | undefined;
  from: string;
  to: string;
  granularity: Granularity;
}>;


export type StatsSeriesQuery = { statsSeries: Array<{ at: string, issued: number, used: number, refunded: number, discountTotal: string, orderAmountTotal: string }> };

export type ProductStatsQueryVariables = Exact<{
  couponId?: string | number | null | undefined;
  from: string;
  to: string;
  first?: number | null | undefined;
}>;


export type ProductStatsQuery = { productStats: Array<{ orders: number, units: number, salesAmount: string, discountTotal: string, product: { id: string, name: string } }> };

export type CouponStatsQueryVariables = Exact<{
  couponId: string | number;
}>;


export type CouponStatsQuery = { couponStats: { issued: number, used: number, refunded: number, expired: number, revoked: number, remainingStock: number, discountTotal: string, orderAmountTotal: string, useRate: number, asOf: string, issuedByChannel: Array<{ channel: Channel, count: number }> } };

export type CampaignsOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type CampaignsOverviewQuery = { campaigns: Array<{ id: string, name: string, currency: string, budget: { amount: string | null, usesPerDay: number | null, spent: string, amountLeft: string | null, usesToday: number, usesLeftToday: number | null }, stats: { issued: number, used: number, discountTotal: string } }> };

export type ReplicationQueryVariables = Exact<{ [key: string]: never; }>;


export type ReplicationQuery = { replication: { maxLagSeconds: number, pinSeconds: number, degraded: string | null, replicas: Array<{ database: string, address: string, usable: boolean, lagSeconds: number, problem: string | null, checkedAt: string | null }> } };

export type CreateTagMutationVariables = Exact<{
  input: TagInput;
}>;


export type CreateTagMutation = { createTag: { tag: { name: string, description: string, kind: TagKind, userCount: number } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type ImportUserTagsMutationVariables = Exact<{
  tag: string;
  file: File;
}>;


export type ImportUserTagsMutation = { importUserTags: { count: number, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type UpdateTagMutationVariables = Exact<{
  name: string;
  input: TagUpdateInput;
}>;


export type UpdateTagMutation = { updateTag: { tag: { name: string, description: string, kind: TagKind, userCount: number } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type DeleteTagMutationVariables = Exact<{
  name: string;
}>;


export type DeleteTagMutation = { deleteTag: { deletedName: string | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type TagsQueryVariables = Exact<{ [key: string]: never; }>;


export type TagsQuery = { tags: Array<{ name: string, description: string, kind: TagKind, userCount: number }> };

export type SetUserTagsMutationVariables = Exact<{
  userId: string | number;
  add?: Array<string> | string | null | undefined;
  remove?: Array<string> | string | null | undefined;
}>;


export type SetUserTagsMutation = { setUserTags: { tags: Array<string>, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type RevokeUserCouponMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RevokeUserCouponMutation = { revokeUserCoupon: { userCoupon: { id: string, status: UserCouponStatus } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type UserTagsQueryVariables = Exact<{
  userId: string | number;
}>;


export type UserTagsQuery = { userTags: Array<string> };

export type UserCouponsQueryVariables = Exact<{
  userId: string | number;
  status?: Array<UserCouponStatus> | UserCouponStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserCouponsQuery = { userCoupons: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, userId: string, status: UserCouponStatus, channel: Channel, validFrom: string, validUntil: string, issuedAt: string, orderId: string | null, usedAt: string | null, discountApplied: string | null, coupon: { id: string, name: string, currency: string }, discount: { kind: DiscountKind, amountOff: string | null, percentOff: string | null, maxDiscount: string | null, minOrderAmount: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UserKnownQueryVariables = Exact<{
  userId: string | number;
}>;


export type UserKnownQuery = { userTags: Array<string>, userCoupons: { totalCount: number } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CodeBatchFieldsFragmentDoc = new TypedDocumentString(`
    fragment CodeBatchFields on CodeBatch {
  id
  status
  count
  generated
  redeemed
  disabled
  prefix
  length
  lastError
  createdAt
  finishedAt
}
    `, {"fragmentName":"CodeBatchFields"}) as unknown as TypedDocumentString<CodeBatchFieldsFragment, unknown>;
export const CouponFieldsFragmentDoc = new TypedDocumentString(`
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}
    `, {"fragmentName":"CouponFields"}) as unknown as TypedDocumentString<CouponFieldsFragment, unknown>;
export const IssuanceJobFieldsFragmentDoc = new TypedDocumentString(`
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}
    `, {"fragmentName":"IssuanceJobFields"}) as unknown as TypedDocumentString<IssuanceJobFieldsFragment, unknown>;
export const MigrationTaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment MigrationTaskFields on MigrationTask {
  id
  kind
  status
  mode
  rowsPerSecond
  done
  total
  written
  users
  differences
  error
  startedBy
  startedAt
  updatedAt
  finishedAt
}
    `, {"fragmentName":"MigrationTaskFields"}) as unknown as TypedDocumentString<MigrationTaskFieldsFragment, unknown>;
export const MigrationFieldsFragmentDoc = new TypedDocumentString(`
    fragment MigrationFields on Migration {
  mode
  modeChangedAt
  modeChangedBy
  configured
  legacyTemplates
  copiedTemplates
  legacyRows
  copiedThrough
  rowsBehind
  pendingRepairs
  task {
    ...MigrationTaskFields
  }
  lastVerify {
    ...MigrationTaskFields
  }
  nextMode
  blockers
}
    fragment MigrationTaskFields on MigrationTask {
  id
  kind
  status
  mode
  rowsPerSecond
  done
  total
  written
  users
  differences
  error
  startedBy
  startedAt
  updatedAt
  finishedAt
}`, {"fragmentName":"MigrationFields"}) as unknown as TypedDocumentString<MigrationFieldsFragment, unknown>;
export const CouponStatsFieldsFragmentDoc = new TypedDocumentString(`
    fragment CouponStatsFields on CouponStats {
  issued
  issuedByChannel {
    channel
    count
  }
  used
  refunded
  expired
  revoked
  remainingStock
  discountTotal
  orderAmountTotal
  useRate
  asOf
}
    `, {"fragmentName":"CouponStatsFields"}) as unknown as TypedDocumentString<CouponStatsFieldsFragment, unknown>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($name: String!, $roles: [Role!]!) {
  createApiKey(name: $name, roles: $roles) {
    apiKey {
      id
      name
      roles
      createdAt
      lastUsedAt
    }
    secret
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id)
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const CreateConsoleUserDocument = new TypedDocumentString(`
    mutation CreateConsoleUser($input: ConsoleUserInput!) {
  createConsoleUser(input: $input) {
    consoleUser {
      id
      username
      roles
      disabled
      createdAt
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<CreateConsoleUserMutation, CreateConsoleUserMutationVariables>;
export const UpdateConsoleUserDocument = new TypedDocumentString(`
    mutation UpdateConsoleUser($id: ID!, $roles: [Role!], $disabled: Boolean) {
  updateConsoleUser(id: $id, roles: $roles, disabled: $disabled) {
    consoleUser {
      id
      username
      roles
      disabled
      createdAt
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateConsoleUserMutation, UpdateConsoleUserMutationVariables>;
export const ResetConsoleUserPasswordDocument = new TypedDocumentString(`
    mutation ResetConsoleUserPassword($id: ID!, $password: String!) {
  resetConsoleUserPassword(id: $id, password: $password) {
    consoleUser {
      id
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<ResetConsoleUserPasswordMutation, ResetConsoleUserPasswordMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($actor: String, $action: String, $entityType: String, $entityId: String, $since: Time, $until: Time, $first: Int, $after: String) {
  auditLog(
    actor: $actor
    action: $action
    entityType: $entityType
    entityId: $entityId
    since: $since
    until: $until
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        id
        at
        actor
        action
        entityType
        entityId
        detail
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  apiKeys {
    id
    name
    roles
    createdAt
    lastUsedAt
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const ConsoleUsersDocument = new TypedDocumentString(`
    query ConsoleUsers {
  consoleUsers {
    id
    username
    roles
    disabled
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleUsersQuery, ConsoleUsersQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    name
    kind
    roles
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    principal {
      id
      name
      kind
      roles
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const CreateCampaignDocument = new TypedDocumentString(`
    mutation CreateCampaign($input: CampaignInput!) {
  createCampaign(input: $input) {
    campaign {
      id
      name
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<CreateCampaignMutation, CreateCampaignMutationVariables>;
export const UpdateCampaignDocument = new TypedDocumentString(`
    mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {
  updateCampaign(id: $id, input: $input) {
    campaign {
      id
      name
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateCampaignMutation, UpdateCampaignMutationVariables>;
export const CampaignsDocument = new TypedDocumentString(`
    query Campaigns {
  campaigns {
    id
    name
    description
    currency
    budget {
      amount
      usesPerDay
      spent
      amountLeft
      uses
      usesToday
      usesLeftToday
    }
    coupons {
      id
    }
    createdAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<CampaignsQuery, CampaignsQueryVariables>;
export const CampaignDocument = new TypedDocumentString(`
    query Campaign($id: ID!) {
  campaign(id: $id) {
    id
    name
    description
    currency
    budget {
      amount
      usesPerDay
      spent
      amountLeft
      uses
      usesToday
      usesLeftToday
    }
    coupons {
      id
      name
      status
      currency
      class
      discount {
        kind
        amountOff
        percentOff
        maxDiscount
        minOrderAmount
      }
      totalStock
      remainingStock
      budget {
        amount
        usesPerDay
        spent
        amountLeft
        uses
        usesToday
        usesLeftToday
      }
    }
    createdAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<CampaignQuery, CampaignQueryVariables>;
export const CampaignStatsDocument = new TypedDocumentString(`
    query CampaignStats($id: ID!) {
  campaign(id: $id) {
    id
    stats {
      issued
      used
      useRate
      discountTotal
      orderAmountTotal
      asOf
    }
  }
}
    `) as unknown as TypedDocumentString<CampaignStatsQuery, CampaignStatsQueryVariables>;
export const CampaignOptionsDocument = new TypedDocumentString(`
    query CampaignOptions {
  campaigns {
    id
    name
    currency
  }
}
    `) as unknown as TypedDocumentString<CampaignOptionsQuery, CampaignOptionsQueryVariables>;
export const UpsertCategoriesDocument = new TypedDocumentString(`
    mutation UpsertCategories($categories: [CategoryInput!]!) {
  upsertCategories(categories: $categories) {
    count
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UpsertCategoriesMutation, UpsertCategoriesMutationVariables>;
export const UpsertProductsDocument = new TypedDocumentString(`
    mutation UpsertProducts($products: [ProductInput!]!) {
  upsertProducts(products: $products) {
    count
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UpsertProductsMutation, UpsertProductsMutationVariables>;
export const SetSuperBlacklistDocument = new TypedDocumentString(`
    mutation SetSuperBlacklist($add: [ID!], $remove: [ID!]) {
  setSuperBlacklist(add: $add, remove: $remove) {
    count
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<SetSuperBlacklistMutation, SetSuperBlacklistMutationVariables>;
export const CategoriesDocument = new TypedDocumentString(`
    query Categories {
  categories {
    id
    name
    parentId
  }
}
    `) as unknown as TypedDocumentString<CategoriesQuery, CategoriesQueryVariables>;
export const ProductsDocument = new TypedDocumentString(`
    query Products($search: String, $superBlacklisted: Boolean, $first: Int, $after: String) {
  products(
    search: $search
    superBlacklisted: $superBlacklisted
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        id
        name
        categoryId
        superBlacklisted
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<ProductsQuery, ProductsQueryVariables>;
export const GenerateCodesDocument = new TypedDocumentString(`
    mutation GenerateCodes($input: GenerateCodesInput!) {
  generateCodes(input: $input) {
    batch {
      ...CodeBatchFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CodeBatchFields on CodeBatch {
  id
  status
  count
  generated
  redeemed
  disabled
  prefix
  length
  lastError
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<GenerateCodesMutation, GenerateCodesMutationVariables>;
export const DisableCodeBatchDocument = new TypedDocumentString(`
    mutation DisableCodeBatch($id: ID!) {
  disableCodeBatch(id: $id) {
    batch {
      ...CodeBatchFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CodeBatchFields on CodeBatch {
  id
  status
  count
  generated
  redeemed
  disabled
  prefix
  length
  lastError
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<DisableCodeBatchMutation, DisableCodeBatchMutationVariables>;
export const CodeBatchesDocument = new TypedDocumentString(`
    query CodeBatches($couponId: ID!) {
  codeBatches(couponId: $couponId) {
    ...CodeBatchFields
    exportUrl
  }
}
    fragment CodeBatchFields on CodeBatch {
  id
  status
  count
  generated
  redeemed
  disabled
  prefix
  length
  lastError
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<CodeBatchesQuery, CodeBatchesQueryVariables>;
export const CreateCouponDocument = new TypedDocumentString(`
    mutation CreateCoupon($input: CouponInput!) {
  createCoupon(input: $input) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateCouponMutation, CreateCouponMutationVariables>;
export const UpdateCouponDocument = new TypedDocumentString(`
    mutation UpdateCoupon($id: ID!, $input: CouponInput!) {
  updateCoupon(id: $id, input: $input) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateCouponMutation, UpdateCouponMutationVariables>;
export const ActivateCouponDocument = new TypedDocumentString(`
    mutation ActivateCoupon($id: ID!) {
  activateCoupon(id: $id) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ActivateCouponMutation, ActivateCouponMutationVariables>;
export const PauseCouponDocument = new TypedDocumentString(`
    mutation PauseCoupon($id: ID!) {
  pauseCoupon(id: $id) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<PauseCouponMutation, PauseCouponMutationVariables>;
export const EndCouponDocument = new TypedDocumentString(`
    mutation EndCoupon($id: ID!) {
  endCoupon(id: $id) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<EndCouponMutation, EndCouponMutationVariables>;
export const AddStockDocument = new TypedDocumentString(`
    mutation AddStock($id: ID!, $quantity: Long!) {
  addStock(id: $id, quantity: $quantity) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<AddStockMutation, AddStockMutationVariables>;
export const SetProductScopeDocument = new TypedDocumentString(`
    mutation SetProductScope($couponId: ID!, $scope: ProductScopeInput!) {
  setProductScope(couponId: $couponId, scope: $scope) {
    coupon {
      ...CouponFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SetProductScopeMutation, SetProductScopeMutationVariables>;
export const CouponsDocument = new TypedDocumentString(`
    query Coupons($first: Int, $after: String, $filter: CouponFilter, $orderBy: CouponOrder) {
  coupons(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges {
      cursor
      node {
        id
        name
        status
        currency
        discount {
          kind
          amountOff
          percentOff
          maxDiscount
          minOrderAmount
        }
        claimStartsAt
        claimEndsAt
        channels
        totalStock
        remainingStock
        campaign {
          id
          name
        }
        createdAt
        updatedAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<CouponsQuery, CouponsQueryVariables>;
export const CouponDocument = new TypedDocumentString(`
    query Coupon($id: ID!) {
  coupon(id: $id) {
    ...CouponFields
  }
}
    fragment CouponFields on Coupon {
  id
  name
  description
  status
  currency
  discount {
    kind
    amountOff
    percentOff
    maxDiscount
    minOrderAmount
  }
  validity {
    kind
    startsAt
    endsAt
    days
  }
  claimStartsAt
  claimEndsAt
  channels
  totalStock
  remainingStock
  perUserLimit
  stockSlots
  productScope {
    kind
    productIds
    categoryIds
  }
  tagRule {
    anyOf
    allOf
    noneOf
  }
  class
  combinesWith
  exclusive
  campaign {
    id
    name
    currency
  }
  budget {
    amount
    usesPerDay
    spent
    amountLeft
    uses
    usesToday
    usesLeftToday
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CouponQuery, CouponQueryVariables>;
export const CreateIssuanceJobDocument = new TypedDocumentString(`
    mutation CreateIssuanceJob($input: IssuanceJobInput!) {
  createIssuanceJob(input: $input) {
    job {
      ...IssuanceJobFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<CreateIssuanceJobMutation, CreateIssuanceJobMutationVariables>;
export const PauseIssuanceJobDocument = new TypedDocumentString(`
    mutation PauseIssuanceJob($id: ID!) {
  pauseIssuanceJob(id: $id) {
    job {
      ...IssuanceJobFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<PauseIssuanceJobMutation, PauseIssuanceJobMutationVariables>;
export const ResumeIssuanceJobDocument = new TypedDocumentString(`
    mutation ResumeIssuanceJob($id: ID!) {
  resumeIssuanceJob(id: $id) {
    job {
      ...IssuanceJobFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<ResumeIssuanceJobMutation, ResumeIssuanceJobMutationVariables>;
export const CancelIssuanceJobDocument = new TypedDocumentString(`
    mutation CancelIssuanceJob($id: ID!) {
  cancelIssuanceJob(id: $id) {
    job {
      ...IssuanceJobFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<CancelIssuanceJobMutation, CancelIssuanceJobMutationVariables>;
export const IssuanceJobsDocument = new TypedDocumentString(`
    query IssuanceJobs($couponId: ID, $status: [JobStatus!], $first: Int, $after: String) {
  issuanceJobs(couponId: $couponId, status: $status, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...IssuanceJobFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<IssuanceJobsQuery, IssuanceJobsQueryVariables>;
export const IssuanceJobDocument = new TypedDocumentString(`
    query IssuanceJob($id: ID!) {
  issuanceJob(id: $id) {
    ...IssuanceJobFields
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<IssuanceJobQuery, IssuanceJobQueryVariables>;
export const IssuanceJobProgressDocument = new TypedDocumentString(`
    subscription IssuanceJobProgress($id: ID!) {
  issuanceJobProgress(id: $id) {
    ...IssuanceJobFields
  }
}
    fragment IssuanceJobFields on IssuanceJob {
  id
  name
  coupon {
    id
    name
  }
  status
  audienceSize
  processed
  issued
  skipped
  failed
  notified
  ratePerSecond
  lastError
  createdBy
  createdAt
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<IssuanceJobProgressSubscription, IssuanceJobProgressSubscriptionVariables>;
export const TargetedCouponsDocument = new TypedDocumentString(`
    query TargetedCoupons($search: String) {
  coupons(
    first: 50
    filter: {status: [ACTIVE], channel: TARGETED, search: $search}
  ) {
    edges {
      node {
        id
        name
        remainingStock
        totalStock
      }
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<TargetedCouponsQuery, TargetedCouponsQueryVariables>;
export const StartMigrationTaskDocument = new TypedDocumentString(`
    mutation StartMigrationTask($kind: MigrationTaskKind!, $rowsPerSecond: Int) {
  startMigrationTask(kind: $kind, rowsPerSecond: $rowsPerSecond) {
    task {
      ...MigrationTaskFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment MigrationTaskFields on MigrationTask {
  id
  kind
  status
  mode
  rowsPerSecond
  done
  total
  written
  users
  differences
  error
  startedBy
  startedAt
  updatedAt
  finishedAt
}`) as unknown as TypedDocumentString<StartMigrationTaskMutation, StartMigrationTaskMutationVariables>;
export const CancelMigrationTaskDocument = new TypedDocumentString(`
    mutation CancelMigrationTask {
  cancelMigrationTask {
    task {
      ...MigrationTaskFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment MigrationTaskFields on MigrationTask {
  id
  kind
  status
  mode
  rowsPerSecond
  done
  total
  written
  users
  differences
  error
  startedBy
  startedAt
  updatedAt
  finishedAt
}`) as unknown as TypedDocumentString<CancelMigrationTaskMutation, CancelMigrationTaskMutationVariables>;
export const SetMigrationModeDocument = new TypedDocumentString(`
    mutation SetMigrationMode($mode: MigrationMode!) {
  setMigrationMode(mode: $mode) {
    migration {
      ...MigrationFields
    }
    userErrors {
      field
      message
      code
    }
  }
}
    fragment MigrationTaskFields on MigrationTask {
  id
  kind
  status
  mode
  rowsPerSecond
  done
  total
  written
  users
  differences
  error
  startedBy
  startedAt
  updatedAt
  finishedAt
}
fragment MigrationFields on Migration {
  mode
  modeChangedAt
  modeChangedBy
  configured
  legacyTemplates
  copiedTemplates
  legacyRows
  copiedThrough
  rowsBehind
  pendingRepairs
  task {
    ...MigrationTaskFields
  }
  lastVerify {
    ...MigrationTaskFields
  }
  nextMode
  blockers
}`) as unknown as TypedDocumentString<SetMigrationModeMutation, SetMigrationModeMutationVariables>;
export const MigrationDocument = new TypedDocumentString(`
    query Migration {
  migration {
    ...MigrationFields
  }
}
    fragment MigrationTaskFields on MigrationTask {
  id
  kind
  status
  mode
  rowsPerSecond
  done
  total
  written
  users
  differences
  error
  startedBy
  startedAt
  updatedAt
  finishedAt
}
fragment MigrationFields on Migration {
  mode
  modeChangedAt
  modeChangedBy
  configured
  legacyTemplates
  copiedTemplates
  legacyRows
  copiedThrough
  rowsBehind
  pendingRepairs
  task {
    ...MigrationTaskFields
  }
  lastVerify {
    ...MigrationTaskFields
  }
  nextMode
  blockers
}`) as unknown as TypedDocumentString<MigrationQuery, MigrationQueryVariables>;
export const MigrationDiffsDocument = new TypedDocumentString(`
    query MigrationDiffs($first: Int, $after: String) {
  migration {
    lastVerify {
      id
      diffs(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            kind
            userId
            couponId
            legacyId
            userCouponId
            legacy
            coupond
            repaired
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MigrationDiffsQuery, MigrationDiffsQueryVariables>;
export const ReshardingDocument = new TypedDocumentString(`
    query Resharding {
  resharding {
    layout
    generation
    phase
    changedAt
    changedBy
    note
    target
    tables {
      table
      copied
      copiedThrough
      lastId
      caughtUpThrough
      lastEvent
    }
    instances {
      name
      layout
      generation
      frozen
      stale
      seenAt
    }
  }
}
    `) as unknown as TypedDocumentString<ReshardingQuery, ReshardingQueryVariables>;
export const SimulatorCouponsDocument = new TypedDocumentString(`
    query SimulatorCoupons($search: String) {
  coupons(first: 20, filter: {search: $search}) {
    edges {
      node {
        id
        name
        status
        currency
        class
        combinesWith
        exclusive
        discount {
          kind
          amountOff
          percentOff
          maxDiscount
          minOrderAmount
        }
      }
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<SimulatorCouponsQuery, SimulatorCouponsQueryVariables>;
export const SimulateStackDocument = new TypedDocumentString(`
    query SimulateStack($cart: CartInput!, $couponIds: [ID!]!) {
  simulateStack(cart: $cart, couponIds: $couponIds) {
    coupons {
      coupon {
        id
        name
        currency
        class
      }
      discount
      lines
      shipping
    }
    discount
    itemsTotal
    shippingFee
    leftOut {
      coupon {
        id
        name
        currency
        class
      }
      why
      reason
      discount
    }
    maxCoupons
  }
}
    `) as unknown as TypedDocumentString<SimulateStackQuery, SimulateStackQueryVariables>;
export const StatsOverviewDocument = new TypedDocumentString(`
    query StatsOverview($from: Time!, $to: Time!, $first: Int) {
  statsOverview(from: $from, to: $to) {
    totals {
      ...CouponStatsFields
    }
    topCoupons(first: $first) {
      coupon {
        id
        name
        status
        currency
      }
      stats {
        issued
        used
        useRate
        discountTotal
        orderAmountTotal
      }
    }
  }
}
    fragment CouponStatsFields on CouponStats {
  issued
  issuedByChannel {
    channel
    count
  }
  used
  refunded
  expired
  revoked
  remainingStock
  discountTotal
  orderAmountTotal
  useRate
  asOf
}`) as unknown as TypedDocumentString<StatsOverviewQuery, StatsOverviewQueryVariables>;
export const StatsSeriesDocument = new TypedDocumentString(`
    query StatsSeries($couponId: ID, $from: Time!, $to: Time!, $granularity: Granularity!) {
  statsSeries(
    couponId: $couponId
    from: $from
    to: $to
    granularity: $granularity
  ) {
    at
    issued
    used
    refunded
    discountTotal
    orderAmountTotal
  }
}
    `) as unknown as TypedDocumentString<StatsSeriesQuery, StatsSeriesQueryVariables>;
export const ProductStatsDocument = new TypedDocumentString(`
    query ProductStats($couponId: ID, $from: Time!, $to: Time!, $first: Int) {
  productStats(couponId: $couponId, from: $from, to: $to, first: $first) {
    product {
      id
      name
    }
    orders
    units
    salesAmount
    discountTotal
  }
}
    `) as unknown as TypedDocumentString<ProductStatsQuery, ProductStatsQueryVariables>;
export const CouponStatsDocument = new TypedDocumentString(`
    query CouponStats($couponId: ID!) {
  couponStats(couponId: $couponId) {
    ...CouponStatsFields
  }
}
    fragment CouponStatsFields on CouponStats {
  issued
  issuedByChannel {
    channel
    count
  }
  used
  refunded
  expired
  revoked
  remainingStock
  discountTotal
  orderAmountTotal
  useRate
  asOf
}`) as unknown as TypedDocumentString<CouponStatsQuery, CouponStatsQueryVariables>;
export const CampaignsOverviewDocument = new TypedDocumentString(`
    query CampaignsOverview {
  campaigns {
    id
    name
    currency
    budget {
      amount
      usesPerDay
      spent
      amountLeft
      usesToday
      usesLeftToday
    }
    stats {
      issued
      used
      discountTotal
    }
  }
}
    `) as unknown as TypedDocumentString<CampaignsOverviewQuery, CampaignsOverviewQueryVariables>;
export const ReplicationDocument = new TypedDocumentString(`
    query Replication {
  replication {
    maxLagSeconds
    pinSeconds
    degraded
    replicas {
      database
      address
      usable
      lagSeconds
      problem
      checkedAt
    }
  }
}
    `) as unknown as TypedDocumentString<ReplicationQuery, ReplicationQueryVariables>;
export const CreateTagDocument = new TypedDocumentString(`
    mutation CreateTag($input: TagInput!) {
  createTag(input: $input) {
    tag {
      name
      description
      kind
      userCount
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<CreateTagMutation, CreateTagMutationVariables>;
export const ImportUserTagsDocument = new TypedDocumentString(`
    mutation ImportUserTags($tag: String!, $file: Upload!) {
  importUserTags(tag: $tag, file: $file) {
    count
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<ImportUserTagsMutation, ImportUserTagsMutationVariables>;
export const UpdateTagDocument = new TypedDocumentString(`
    mutation UpdateTag($name: String!, $input: TagUpdateInput!) {
  updateTag(name: $name, input: $input) {
    tag {
      name
      description
      kind
      userCount
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateTagMutation, UpdateTagMutationVariables>;
export const DeleteTagDocument = new TypedDocumentString(`
    mutation DeleteTag($name: String!) {
  deleteTag(name: $name) {
    deletedName
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteTagMutation, DeleteTagMutationVariables>;
export const TagsDocument = new TypedDocumentString(`
    query Tags {
  tags {
    name
    description
    kind
    userCount
  }
}
    `) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
export const SetUserTagsDocument = new TypedDocumentString(`
    mutation SetUserTags($userId: ID!, $add: [String!], $remove: [String!]) {
  setUserTags(userId: $userId, add: $add, remove: $remove) {
    tags
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<SetUserTagsMutation, SetUserTagsMutationVariables>;
export const RevokeUserCouponDocument = new TypedDocumentString(`
    mutation RevokeUserCoupon($id: ID!, $reason: String!) {
  revokeUserCoupon(id: $id, reason: $reason) {
    userCoupon {
      id
      status
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeUserCouponMutation, RevokeUserCouponMutationVariables>;
export const UserTagsDocument = new TypedDocumentString(`
    query UserTags($userId: ID!) {
  userTags(userId: $userId)
}
    `) as unknown as TypedDocumentString<UserTagsQuery, UserTagsQueryVariables>;
export const UserCouponsDocument = new TypedDocumentString(`
    query UserCoupons($userId: ID!, $status: [UserCouponStatus!], $first: Int, $after: String) {
  userCoupons(userId: $userId, status: $status, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        userId
        coupon {
          id
          name
          currency
        }
        status
        channel
        discount {
          kind
          amountOff
          percentOff
          maxDiscount
          minOrderAmount
        }
        validFrom
        validUntil
        issuedAt
        orderId
        usedAt
        discountApplied
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<UserCouponsQuery, UserCouponsQueryVariables>;
export const UserKnownDocument = new TypedDocumentString(`
    query UserKnown($userId: ID!) {
  userTags(userId: $userId)
  userCoupons(userId: $userId, first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<UserKnownQuery, UserKnownQueryVariables>;