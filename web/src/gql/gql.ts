/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateApiKey($name: String!, $roles: [Role!]!) {\n    createApiKey(name: $name, roles: $roles) {\n      apiKey {\n        id\n        name\n        roles\n        createdAt\n        lastUsedAt\n      }\n      secret\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation CreateConsoleUser($input: ConsoleUserInput!) {\n    createConsoleUser(input: $input) {\n      consoleUser {\n        id\n        username\n        roles\n        disabled\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateConsoleUserDocument,
    "\n  mutation UpdateConsoleUser($id: ID!, $roles: [Role!], $disabled: Boolean) {\n    updateConsoleUser(id: $id, roles: $roles, disabled: $disabled) {\n      consoleUser {\n        id\n        username\n        roles\n        disabled\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateConsoleUserDocument,
    "\n  mutation ResetConsoleUserPassword($id: ID!, $password: String!) {\n    resetConsoleUserPassword(id: $id, password: $password) {\n      consoleUser {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ResetConsoleUserPasswordDocument,
    "\n  query AuditLog(\n    $actor: String\n    $action: String\n    $entityType: String\n    $entityId: String\n    $since: Time\n    $until: Time\n    $first: Int\n    $after: String\n  ) {\n    auditLog(\n      actor: $actor\n      action: $action\n      entityType: $entityType\n      entityId: $entityId\n      since: $since\n      until: $until\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          at\n          actor\n          action\n          entityType\n          entityId\n          detail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      roles\n      createdAt\n      lastUsedAt\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  query ConsoleUsers {\n    consoleUsers {\n      id\n      username\n      roles\n      disabled\n      createdAt\n    }\n  }\n": typeof types.ConsoleUsersDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      kind\n      roles\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      principal {\n        id\n        name\n        kind\n        roles\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      campaign {\n        id\n        name\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {\n    updateCampaign(id: $id, input: $input) {\n      campaign {\n        id\n        name\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateCampaignDocument,
    "\n  query Campaigns {\n    campaigns {\n      id\n      name\n      description\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        uses\n        usesToday\n        usesLeftToday\n      }\n      coupons {\n        id\n      }\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.CampaignsDocument,
    "\n  query Campaign($id: ID!) {\n    campaign(id: $id) {\n      id\n      name\n      description\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        uses\n        usesToday\n        usesLeftToday\n      }\n      coupons {\n        id\n        name\n        status\n        currency\n        class\n        discount {\n          kind\n          amountOff\n          percentOff\n          maxDiscount\n          minOrderAmount\n        }\n        totalStock\n        remainingStock\n        budget {\n          amount\n          usesPerDay\n          spent\n          amountLeft\n          uses\n          usesToday\n          usesLeftToday\n        }\n      }\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.CampaignDocument,
    "\n  query CampaignStats($id: ID!) {\n    campaign(id: $id) {\n      id\n      stats {\n        issued\n        used\n        useRate\n        discountTotal\n        orderAmountTotal\n        asOf\n      }\n    }\n  }\n": typeof types.CampaignStatsDocument,
    "\n  query CampaignOptions {\n    campaigns {\n      id\n      name\n      currency\n    }\n  }\n": typeof types.CampaignOptionsDocument,
    "\n  mutation UpsertCategories($categories: [CategoryInput!]!) {\n    upsertCategories(categories: $categories) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpsertCategoriesDocument,
    "\n  mutation UpsertProducts($products: [ProductInput!]!) {\n    upsertProducts(products: $products) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpsertProductsDocument,
    "\n  mutation SetSuperBlacklist($add: [ID!], $remove: [ID!]) {\n    setSuperBlacklist(add: $add, remove: $remove) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SetSuperBlacklistDocument,
    "\n  query Categories {\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n": typeof types.CategoriesDocument,
    "\n  query Products($search: String, $superBlacklisted: Boolean, $first: Int, $after: String) {\n    products(search: $search, superBlacklisted: $superBlacklisted, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          categoryId\n          superBlacklisted\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.ProductsDocument,
    "\n  mutation GenerateCodes($input: GenerateCodesInput!) {\n    generateCodes(input: $input) {\n      batch {\n        ...CodeBatchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.GenerateCodesDocument,
    "\n  mutation DisableCodeBatch($id: ID!) {\n    disableCodeBatch(id: $id) {\n      batch {\n        ...CodeBatchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.DisableCodeBatchDocument,
    "\n  fragment CodeBatchFields on CodeBatch {\n    id\n    status\n    count\n    generated\n    redeemed\n    disabled\n    prefix\n    length\n    lastError\n    createdAt\n    finishedAt\n  }\n": typeof types.CodeBatchFieldsFragmentDoc,
    "\n  query CodeBatches($couponId: ID!) {\n    codeBatches(couponId: $couponId) {\n      ...CodeBatchFields\n      exportUrl\n    }\n  }\n": typeof types.CodeBatchesDocument,
    "\n  mutation CreateCoupon($input: CouponInput!) {\n    createCoupon(input: $input) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateCouponDocument,
    "\n  mutation UpdateCoupon($id: ID!, $input: CouponInput!) {\n    updateCoupon(id: $id, input: $input) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateCouponDocument,
    "\n  mutation ActivateCoupon($id: ID!) {\n    activateCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ActivateCouponDocument,
    "\n  mutation PauseCoupon($id: ID!) {\n    pauseCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PauseCouponDocument,
    "\n  mutation EndCoupon($id: ID!) {\n    endCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.EndCouponDocument,
    "\n  mutation AddStock($id: ID!, $quantity: Long!) {\n    addStock(id: $id, quantity: $quantity) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.AddStockDocument,
    "\n  mutation SetProductScope($couponId: ID!, $scope: ProductScopeInput!) {\n    setProductScope(couponId: $couponId, scope: $scope) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SetProductScopeDocument,
    "\n  fragment CouponFields on Coupon {\n    id\n    name\n    description\n    status\n    currency\n    discount {\n      kind\n      amountOff\n      percentOff\n      maxDiscount\n      minOrderAmount\n    }\n    validity {\n      kind\n      startsAt\n      endsAt\n      days\n    }\n    claimStartsAt\n    claimEndsAt\n    channels\n    totalStock\n    remainingStock\n    perUserLimit\n    stockSlots\n    productScope {\n      kind\n      productIds\n      categoryIds\n    }\n    tagRule {\n      anyOf\n      allOf\n      noneOf\n    }\n    class\n    combinesWith\n    exclusive\n    campaign {\n      id\n      name\n      currency\n    }\n    budget {\n      amount\n      usesPerDay\n      spent\n      amountLeft\n      uses\n      usesToday\n      usesLeftToday\n    }\n    createdAt\n    updatedAt\n  }\n": typeof types.CouponFieldsFragmentDoc,
    "\n  query Coupons($first: Int, $after: String, $filter: CouponFilter, $orderBy: CouponOrder) {\n    coupons(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          currency\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n          claimStartsAt\n          claimEndsAt\n          channels\n          totalStock\n          remainingStock\n          campaign {\n            id\n            name\n          }\n          createdAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.CouponsDocument,
    "\n  query Coupon($id: ID!) {\n    coupon(id: $id) {\n      ...CouponFields\n    }\n  }\n": typeof types.CouponDocument,
    "\n  mutation CreateIssuanceJob($input: IssuanceJobInput!) {\n    createIssuanceJob(input: $input) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateIssuanceJobDocument,
    "\n  mutation PauseIssuanceJob($id: ID!) {\n    pauseIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.PauseIssuanceJobDocument,
    "\n  mutation ResumeIssuanceJob($id: ID!) {\n    resumeIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ResumeIssuanceJobDocument,
    "\n  mutation CancelIssuanceJob($id: ID!) {\n    cancelIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CancelIssuanceJobDocument,
    "\n  fragment IssuanceJobFields on IssuanceJob {\n    id\n    name\n    coupon {\n      id\n      name\n    }\n    status\n    audienceSize\n    processed\n    issued\n    skipped\n    failed\n    notified\n    ratePerSecond\n    lastError\n    createdBy\n    createdAt\n    startedAt\n    finishedAt\n  }\n": typeof types.IssuanceJobFieldsFragmentDoc,
    "\n  query IssuanceJobs($couponId: ID, $status: [JobStatus!], $first: Int, $after: String) {\n    issuanceJobs(couponId: $couponId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...IssuanceJobFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.IssuanceJobsDocument,
    "\n  query IssuanceJob($id: ID!) {\n    issuanceJob(id: $id) {\n      ...IssuanceJobFields\n    }\n  }\n": typeof types.IssuanceJobDocument,
    "\n  subscription IssuanceJobProgress($id: ID!) {\n    issuanceJobProgress(id: $id) {\n      ...IssuanceJobFields\n    }\n  }\n": typeof types.IssuanceJobProgressDocument,
    "\n  query TargetedCoupons($search: String) {\n    coupons(first: 50, filter: { status: [ACTIVE], channel: TARGETED, search: $search }) {\n      edges {\n        node {\n          id\n          name\n          remainingStock\n          totalStock\n        }\n      }\n      totalCount\n    }\n  }\n": typeof types.TargetedCouponsDocument,
    "\n  mutation StartMigrationTask($kind: MigrationTaskKind!, $rowsPerSecond: Int) {\n    startMigrationTask(kind: $kind, rowsPerSecond: $rowsPerSecond) {\n      task {\n        ...MigrationTaskFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.StartMigrationTaskDocument,
    "\n  mutation CancelMigrationTask {\n    cancelMigrationTask {\n      task {\n        ...MigrationTaskFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CancelMigrationTaskDocument,
    "\n  mutation SetMigrationMode($mode: MigrationMode!) {\n    setMigrationMode(mode: $mode) {\n      migration {\n        ...MigrationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SetMigrationModeDocument,
    "\n  fragment MigrationTaskFields on MigrationTask {\n    id\n    kind\n    status\n    mode\n    rowsPerSecond\n    done\n    total\n    written\n    users\n    differences\n    error\n    startedBy\n    startedAt\n    updatedAt\n    finishedAt\n  }\n": typeof types.MigrationTaskFieldsFragmentDoc,
    "\n  fragment MigrationFields on Migration {\n    mode\n    modeChangedAt\n    modeChangedBy\n    configured\n    legacyTemplates\n    copiedTemplates\n    legacyRows\n    copiedThrough\n    rowsBehind\n    pendingRepairs\n    task {\n      ...MigrationTaskFields\n    }\n    lastVerify {\n      ...MigrationTaskFields\n    }\n    nextMode\n    blockers\n  }\n": typeof types.MigrationFieldsFragmentDoc,
    "\n  query Migration {\n    migration {\n      ...MigrationFields\n    }\n  }\n": typeof types.MigrationDocument,
    "\n  query MigrationDiffs($first: Int, $after: String) {\n    migration {\n      lastVerify {\n        id\n        diffs(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              id\n              kind\n              userId\n              couponId\n              legacyId\n              userCouponId\n              legacy\n              coupond\n              repaired\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.MigrationDiffsDocument,
    "\n  query Resharding {\n    resharding {\n      layout\n      generation\n      phase\n      changedAt\n      changedBy\n      note\n      target\n      tables {\n        table\n        copied\n        copiedThrough\n        lastId\n        caughtUpThrough\n        lastEvent\n      }\n      instances {\n        name\n        layout\n        generation\n        frozen\n        stale\n        seenAt\n      }\n    }\n  }\n": typeof types.ReshardingDocument,
    "\n  query SimulatorCoupons($search: String) {\n    coupons(first: 20, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n          status\n          currency\n          class\n          combinesWith\n          exclusive\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n        }\n      }\n      totalCount\n    }\n  }\n": typeof types.SimulatorCouponsDocument,
    "\n  query SimulateStack($cart: CartInput!, $couponIds: [ID!]!) {\n    simulateStack(cart: $cart, couponIds: $couponIds) {\n      coupons {\n        coupon {\n          id\n          name\n          currency\n          class\n        }\n        discount\n        lines\n        shipping\n      }\n      discount\n      itemsTotal\n      shippingFee\n      leftOut {\n        coupon {\n          id\n          name\n          currency\n          class\n        }\n        why\n        reason\n        discount\n      }\n      maxCoupons\n    }\n  }\n": typeof types.SimulateStackDocument,
    "\n  fragment CouponStatsFields on CouponStats {\n    issued\n    issuedByChannel {\n      channel\n      count\n    }\n    used\n    refunded\n    expired\n    revoked\n    remainingStock\n    discountTotal\n    orderAmountTotal\n    useRate\n    asOf\n  }\n": typeof types.CouponStatsFieldsFragmentDoc,
    "\n  query StatsOverview($from: Time!, $to: Time!, $first: Int) {\n    statsOverview(from: $from, to: $to) {\n      totals {\n        ...CouponStatsFields\n      }\n      topCoupons(first: $first) {\n        coupon {\n          id\n          name\n          status\n          currency\n        }\n        stats {\n          issued\n          used\n          useRate\n          discountTotal\n          orderAmountTotal\n        }\n      }\n    }\n  }\n": typeof types.StatsOverviewDocument,
    "\n  query StatsSeries($couponId: ID, $from: Time!, $to: Time!, $granularity: Granularity!) {\n    statsSeries(couponId: $couponId, from: $from, to: $to, granularity: $granularity) {\n      at\n      issued\n      used\n      refunded\n      discountTotal\n      orderAmountTotal\n    }\n  }\n": typeof types.StatsSeriesDocument,
    "\n  query ProductStats($couponId: ID, $from: Time!, $to: Time!, $first: Int) {\n    productStats(couponId: $couponId, from: $from, to: $to, first: $first) {\n      product {\n        id\n        name\n      }\n      orders\n      units\n      salesAmount\n      discountTotal\n    }\n  }\n": typeof types.ProductStatsDocument,
    "\n  query CouponStats($couponId: ID!) {\n    couponStats(couponId: $couponId) {\n      ...CouponStatsFields\n    }\n  }\n": typeof types.CouponStatsDocument,
    "\n  query CampaignsOverview {\n    campaigns {\n      id\n      name\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        usesToday\n        usesLeftToday\n      }\n      stats {\n        issued\n        used\n        discountTotal\n      }\n    }\n  }\n": typeof types.CampaignsOverviewDocument,
    "\n  query Replication {\n    replication {\n      maxLagSeconds\n      pinSeconds\n      degraded\n      replicas {\n        database\n        address\n        usable\n        lagSeconds\n        problem\n        checkedAt\n      }\n    }\n  }\n": typeof types.ReplicationDocument,
    "\n  mutation CreateTag($input: TagInput!) {\n    createTag(input: $input) {\n      tag {\n        name\n        description\n        kind\n        userCount\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateTagDocument,
    "\n  mutation ImportUserTags($tag: String!, $file: Upload!) {\n    importUserTags(tag: $tag, file: $file) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ImportUserTagsDocument,
    "\n  mutation UpdateTag($name: String!, $input: TagUpdateInput!) {\n    updateTag(name: $name, input: $input) {\n      tag {\n        name\n        description\n        kind\n        userCount\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateTagDocument,
    "\n  mutation DeleteTag($name: String!) {\n    deleteTag(name: $name) {\n      deletedName\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.DeleteTagDocument,
    "\n  query Tags {\n    tags {\n      name\n      description\n      kind\n      userCount\n    }\n  }\n": typeof types.TagsDocument,
    "\n  mutation SetUserTags($userId: ID!, $add: [String!], $remove: [String!]) {\n    setUserTags(userId: $userId, add: $add, remove: $remove) {\n      tags\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SetUserTagsDocument,
    "\n  mutation RevokeUserCoupon($id: ID!, $reason: String!) {\n    revokeUserCoupon(id: $id, reason: $reason) {\n      userCoupon {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.RevokeUserCouponDocument,
    "\n  query UserTags($userId: ID!) {\n    userTags(userId: $userId)\n  }\n": typeof types.UserTagsDocument,
    "\n  query UserCoupons($userId: ID!, $status: [UserCouponStatus!], $first: Int, $after: String) {\n    userCoupons(userId: $userId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          userId\n          coupon {\n            id\n            name\n            currency\n          }\n          status\n          channel\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n          validFrom\n          validUntil\n          issuedAt\n          orderId\n          usedAt\n          discountApplied\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.UserCouponsDocument,
    "\n  query UserKnown($userId: ID!) {\n    userTags(userId: $userId)\n    userCoupons(userId: $userId, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.UserKnownDocument,
};
const documents: Documents = {
    "\n  mutation CreateApiKey($name: String!, $roles: [Role!]!) {\n    createApiKey(name: $name, roles: $roles) {\n      apiKey {\n        id\n        name\n        roles\n        createdAt\n        lastUsedAt\n      }\n      secret\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation CreateConsoleUser($input: ConsoleUserInput!) {\n    createConsoleUser(input: $input) {\n      consoleUser {\n        id\n        username\n        roles\n        disabled\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateConsoleUserDocument,
    "\n  mutation UpdateConsoleUser($id: ID!, $roles: [Role!], $disabled: Boolean) {\n    updateConsoleUser(id: $id, roles: $roles, disabled: $disabled) {\n      consoleUser {\n        id\n        username\n        roles\n        disabled\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpdateConsoleUserDocument,
    "\n  mutation ResetConsoleUserPassword($id: ID!, $password: String!) {\n    resetConsoleUserPassword(id: $id, password: $password) {\n      consoleUser {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ResetConsoleUserPasswordDocument,
    "\n  query AuditLog(\n    $actor: String\n    $action: String\n    $entityType: String\n    $entityId: String\n    $since: Time\n    $until: Time\n    $first: Int\n    $after: String\n  ) {\n    auditLog(\n      actor: $actor\n      action: $action\n      entityType: $entityType\n      entityId: $entityId\n      since: $since\n      until: $until\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          at\n          actor\n          action\n          entityType\n          entityId\n          detail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      roles\n      createdAt\n      lastUsedAt\n    }\n  }\n": types.ApiKeysDocument,
    "\n  query ConsoleUsers {\n    consoleUsers {\n      id\n      username\n      roles\n      disabled\n      createdAt\n    }\n  }\n": types.ConsoleUsersDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      kind\n      roles\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      principal {\n        id\n        name\n        kind\n        roles\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      campaign {\n        id\n        name\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {\n    updateCampaign(id: $id, input: $input) {\n      campaign {\n        id\n        name\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpdateCampaignDocument,
    "\n  query Campaigns {\n    campaigns {\n      id\n      name\n      description\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        uses\n        usesToday\n        usesLeftToday\n      }\n      coupons {\n        id\n      }\n      createdAt\n      updatedAt\n    }\n  }\n": types.CampaignsDocument,
    "\n  query Campaign($id: ID!) {\n    campaign(id: $id) {\n      id\n      name\n      description\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        uses\n        usesToday\n        usesLeftToday\n      }\n      coupons {\n        id\n        name\n        status\n        currency\n        class\n        discount {\n          kind\n          amountOff\n          percentOff\n          maxDiscount\n          minOrderAmount\n        }\n        totalStock\n        remainingStock\n        budget {\n          amount\n          usesPerDay\n          spent\n          amountLeft\n          uses\n          usesToday\n          usesLeftToday\n        }\n      }\n      createdAt\n      updatedAt\n    }\n  }\n": types.CampaignDocument,
    "\n  query CampaignStats($id: ID!) {\n    campaign(id: $id) {\n      id\n      stats {\n        issued\n        used\n        useRate\n        discountTotal\n        orderAmountTotal\n        asOf\n      }\n    }\n  }\n": types.CampaignStatsDocument,
    "\n  query CampaignOptions {\n    campaigns {\n      id\n      name\n      currency\n    }\n  }\n": types.CampaignOptionsDocument,
    "\n  mutation UpsertCategories($categories: [CategoryInput!]!) {\n    upsertCategories(categories: $categories) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpsertCategoriesDocument,
    "\n  mutation UpsertProducts($products: [ProductInput!]!) {\n    upsertProducts(products: $products) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpsertProductsDocument,
    "\n  mutation SetSuperBlacklist($add: [ID!], $remove: [ID!]) {\n    setSuperBlacklist(add: $add, remove: $remove) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SetSuperBlacklistDocument,
    "\n  query Categories {\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n": types.CategoriesDocument,
    "\n  query Products($search: String, $superBlacklisted: Boolean, $first: Int, $after: String) {\n    products(search: $search, superBlacklisted: $superBlacklisted, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          categoryId\n          superBlacklisted\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.ProductsDocument,
    "\n  mutation GenerateCodes($input: GenerateCodesInput!) {\n    generateCodes(input: $input) {\n      batch {\n        ...CodeBatchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.GenerateCodesDocument,
    "\n  mutation DisableCodeBatch($id: ID!) {\n    disableCodeBatch(id: $id) {\n      batch {\n        ...CodeBatchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.DisableCodeBatchDocument,
    "\n  fragment CodeBatchFields on CodeBatch {\n    id\n    status\n    count\n    generated\n    redeemed\n    disabled\n    prefix\n    length\n    lastError\n    createdAt\n    finishedAt\n  }\n": types.CodeBatchFieldsFragmentDoc,
    "\n  query CodeBatches($couponId: ID!) {\n    codeBatches(couponId: $couponId) {\n      ...CodeBatchFields\n      exportUrl\n    }\n  }\n": types.CodeBatchesDocument,
    "\n  mutation CreateCoupon($input: CouponInput!) {\n    createCoupon(input: $input) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateCouponDocument,
    "\n  mutation UpdateCoupon($id: ID!, $input: CouponInput!) {\n    updateCoupon(id: $id, input: $input) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpdateCouponDocument,
    "\n  mutation ActivateCoupon($id: ID!) {\n    activateCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ActivateCouponDocument,
    "\n  mutation PauseCoupon($id: ID!) {\n    pauseCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PauseCouponDocument,
    "\n  mutation EndCoupon($id: ID!) {\n    endCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.EndCouponDocument,
    "\n  mutation AddStock($id: ID!, $quantity: Long!) {\n    addStock(id: $id, quantity: $quantity) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.AddStockDocument,
    "\n  mutation SetProductScope($couponId: ID!, $scope: ProductScopeInput!) {\n    setProductScope(couponId: $couponId, scope: $scope) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SetProductScopeDocument,
    "\n  fragment CouponFields on Coupon {\n    id\n    name\n    description\n    status\n    currency\n    discount {\n      kind\n      amountOff\n      percentOff\n      maxDiscount\n      minOrderAmount\n    }\n    validity {\n      kind\n      startsAt\n      endsAt\n      days\n    }\n    claimStartsAt\n    claimEndsAt\n    channels\n    totalStock\n    remainingStock\n    perUserLimit\n    stockSlots\n    productScope {\n      kind\n      productIds\n      categoryIds\n    }\n    tagRule {\n      anyOf\n      allOf\n      noneOf\n    }\n    class\n    combinesWith\n    exclusive\n    campaign {\n      id\n      name\n      currency\n    }\n    budget {\n      amount\n      usesPerDay\n      spent\n      amountLeft\n      uses\n      usesToday\n      usesLeftToday\n    }\n    createdAt\n    updatedAt\n  }\n": types.CouponFieldsFragmentDoc,
    "\n  query Coupons($first: Int, $after: String, $filter: CouponFilter, $orderBy: CouponOrder) {\n    coupons(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          currency\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n          claimStartsAt\n          claimEndsAt\n          channels\n          totalStock\n          remainingStock\n          campaign {\n            id\n            name\n          }\n          createdAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.CouponsDocument,
    "\n  query Coupon($id: ID!) {\n    coupon(id: $id) {\n      ...CouponFields\n    }\n  }\n": types.CouponDocument,
    "\n  mutation CreateIssuanceJob($input: IssuanceJobInput!) {\n    createIssuanceJob(input: $input) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateIssuanceJobDocument,
    "\n  mutation PauseIssuanceJob($id: ID!) {\n    pauseIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.PauseIssuanceJobDocument,
    "\n  mutation ResumeIssuanceJob($id: ID!) {\n    resumeIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ResumeIssuanceJobDocument,
    "\n  mutation CancelIssuanceJob($id: ID!) {\n    cancelIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CancelIssuanceJobDocument,
    "\n  fragment IssuanceJobFields on IssuanceJob {\n    id\n    name\n    coupon {\n      id\n      name\n    }\n    status\n    audienceSize\n    processed\n    issued\n    skipped\n    failed\n    notified\n    ratePerSecond\n    lastError\n    createdBy\n    createdAt\n    startedAt\n    finishedAt\n  }\n": types.IssuanceJobFieldsFragmentDoc,
    "\n  query IssuanceJobs($couponId: ID, $status: [JobStatus!], $first: Int, $after: String) {\n    issuanceJobs(couponId: $couponId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...IssuanceJobFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.IssuanceJobsDocument,
    "\n  query IssuanceJob($id: ID!) {\n    issuanceJob(id: $id) {\n      ...IssuanceJobFields\n    }\n  }\n": types.IssuanceJobDocument,
    "\n  subscription IssuanceJobProgress($id: ID!) {\n    issuanceJobProgress(id: $id) {\n      ...IssuanceJobFields\n    }\n  }\n": types.IssuanceJobProgressDocument,
    "\n  query TargetedCoupons($search: String) {\n    coupons(first: 50, filter: { status: [ACTIVE], channel: TARGETED, search: $search }) {\n      edges {\n        node {\n          id\n          name\n          remainingStock\n          totalStock\n        }\n      }\n      totalCount\n    }\n  }\n": types.TargetedCouponsDocument,
    "\n  mutation StartMigrationTask($kind: MigrationTaskKind!, $rowsPerSecond: Int) {\n    startMigrationTask(kind: $kind, rowsPerSecond: $rowsPerSecond) {\n      task {\n        ...MigrationTaskFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.StartMigrationTaskDocument,
    "\n  mutation CancelMigrationTask {\n    cancelMigrationTask {\n      task {\n        ...MigrationTaskFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CancelMigrationTaskDocument,
    "\n  mutation SetMigrationMode($mode: MigrationMode!) {\n    setMigrationMode(mode: $mode) {\n      migration {\n        ...MigrationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SetMigrationModeDocument,
    "\n  fragment MigrationTaskFields on MigrationTask {\n    id\n    kind\n    status\n    mode\n    rowsPerSecond\n    done\n    total\n    written\n    users\n    differences\n    error\n    startedBy\n    startedAt\n    updatedAt\n    finishedAt\n  }\n": types.MigrationTaskFieldsFragmentDoc,
    "\n  fragment MigrationFields on Migration {\n    mode\n    modeChangedAt\n    modeChangedBy\n    configured\n    legacyTemplates\n    copiedTemplates\n    legacyRows\n    copiedThrough\n    rowsBehind\n    pendingRepairs\n    task {\n      ...MigrationTaskFields\n    }\n    lastVerify {\n      ...MigrationTaskFields\n    }\n    nextMode\n    blockers\n  }\n": types.MigrationFieldsFragmentDoc,
    "\n  query Migration {\n    migration {\n      ...MigrationFields\n    }\n  }\n": types.MigrationDocument,
    "\n  query MigrationDiffs($first: Int, $after: String) {\n    migration {\n      lastVerify {\n        id\n        diffs(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              id\n              kind\n              userId\n              couponId\n              legacyId\n              userCouponId\n              legacy\n              coupond\n              repaired\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.MigrationDiffsDocument,
    "\n  query Resharding {\n    resharding {\n      layout\n      generation\n      phase\n      changedAt\n      changedBy\n      note\n      target\n      tables {\n        table\n        copied\n        copiedThrough\n        lastId\n        caughtUpThrough\n        lastEvent\n      }\n      instances {\n        name\n        layout\n        generation\n        frozen\n        stale\n        seenAt\n      }\n    }\n  }\n": types.ReshardingDocument,
    "\n  query SimulatorCoupons($search: String) {\n    coupons(first: 20, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n          status\n          currency\n          class\n          combinesWith\n          exclusive\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n        }\n      }\n      totalCount\n    }\n  }\n": types.SimulatorCouponsDocument,
    "\n  query SimulateStack($cart: CartInput!, $couponIds: [ID!]!) {\n    simulateStack(cart: $cart, couponIds: $couponIds) {\n      coupons {\n        coupon {\n          id\n          name\n          currency\n          class\n        }\n        discount\n        lines\n        shipping\n      }\n      discount\n      itemsTotal\n      shippingFee\n      leftOut {\n        coupon {\n          id\n          name\n          currency\n          class\n        }\n        why\n        reason\n        discount\n      }\n      maxCoupons\n    }\n  }\n": types.SimulateStackDocument,
    "\n  fragment CouponStatsFields on CouponStats {\n    issued\n    issuedByChannel {\n      channel\n      count\n    }\n    used\n    refunded\n    expired\n    revoked\n    remainingStock\n    discountTotal\n    orderAmountTotal\n    useRate\n    asOf\n  }\n": types.CouponStatsFieldsFragmentDoc,
    "\n  query StatsOverview($from: Time!, $to: Time!, $first: Int) {\n    statsOverview(from: $from, to: $to) {\n      totals {\n        ...CouponStatsFields\n      }\n      topCoupons(first: $first) {\n        coupon {\n          id\n          name\n          status\n          currency\n        }\n        stats {\n          issued\n          used\n          useRate\n          discountTotal\n          orderAmountTotal\n        }\n      }\n    }\n  }\n": types.StatsOverviewDocument,
    "\n  query StatsSeries($couponId: ID, $from: Time!, $to: Time!, $granularity: Granularity!) {\n    statsSeries(couponId: $couponId, from: $from, to: $to, granularity: $granularity) {\n      at\n      issued\n      used\n      refunded\n      discountTotal\n      orderAmountTotal\n    }\n  }\n": types.StatsSeriesDocument,
    "\n  query ProductStats($couponId: ID, $from: Time!, $to: Time!, $first: Int) {\n    productStats(couponId: $couponId, from: $from, to: $to, first: $first) {\n      product {\n        id\n        name\n      }\n      orders\n      units\n      salesAmount\n      discountTotal\n    }\n  }\n": types.ProductStatsDocument,
    "\n  query CouponStats($couponId: ID!) {\n    couponStats(couponId: $couponId) {\n      ...CouponStatsFields\n    }\n  }\n": types.CouponStatsDocument,
    "\n  query CampaignsOverview {\n    campaigns {\n      id\n      name\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        usesToday\n        usesLeftToday\n      }\n      stats {\n        issued\n        used\n        discountTotal\n      }\n    }\n  }\n": types.CampaignsOverviewDocument,
    "\n  query Replication {\n    replication {\n      maxLagSeconds\n      pinSeconds\n      degraded\n      replicas {\n        database\n        address\n        usable\n        lagSeconds\n        problem\n        checkedAt\n      }\n    }\n  }\n": types.ReplicationDocument,
    "\n  mutation CreateTag($input: TagInput!) {\n    createTag(input: $input) {\n      tag {\n        name\n        description\n        kind\n        userCount\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateTagDocument,
    "\n  mutation ImportUserTags($tag: String!, $file: Upload!) {\n    importUserTags(tag: $tag, file: $file) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ImportUserTagsDocument,
    "\n  mutation UpdateTag($name: String!, $input: TagUpdateInput!) {\n    updateTag(name: $name, input: $input) {\n      tag {\n        name\n        description\n        kind\n        userCount\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpdateTagDocument,
    "\n  mutation DeleteTag($name: String!) {\n    deleteTag(name: $name) {\n      deletedName\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.DeleteTagDocument,
    "\n  query Tags {\n    tags {\n      name\n      description\n      kind\n      userCount\n    }\n  }\n": types.TagsDocument,
    "\n  mutation SetUserTags($userId: ID!, $add: [String!], $remove: [String!]) {\n    setUserTags(userId: $userId, add: $add, remove: $remove) {\n      tags\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SetUserTagsDocument,
    "\n  mutation RevokeUserCoupon($id: ID!, $reason: String!) {\n    revokeUserCoupon(id: $id, reason: $reason) {\n      userCoupon {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.RevokeUserCouponDocument,
    "\n  query UserTags($userId: ID!) {\n    userTags(userId: $userId)\n  }\n": types.UserTagsDocument,
    "\n  query UserCoupons($userId: ID!, $status: [UserCouponStatus!], $first: Int, $after: String) {\n    userCoupons(userId: $userId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          userId\n          coupon {\n            id\n            name\n            currency\n          }\n          status\n          channel\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n          validFrom\n          validUntil\n          issuedAt\n          orderId\n          usedAt\n          discountApplied\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.UserCouponsDocument,
    "\n  query UserKnown($userId: ID!) {\n    userTags(userId: $userId)\n    userCoupons(userId: $userId, first: 1) {\n      totalCount\n    }\n  }\n": types.UserKnownDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $roles: [Role!]!) {\n    createApiKey(name: $name, roles: $roles) {\n      apiKey {\n        id\n        name\n        roles\n        createdAt\n        lastUsedAt\n      }\n      secret\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateConsoleUser($input: ConsoleUserInput!) {\n    createConsoleUser(input: $input) {\n      consoleUser {\n        id\n        username\n        roles\n        disabled\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CreateConsoleUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateConsoleUser($id: ID!, $roles: [Role!], $disabled: Boolean) {\n    updateConsoleUser(id: $id, roles: $roles, disabled: $disabled) {\n      consoleUser {\n        id\n        username\n        roles\n        disabled\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateConsoleUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetConsoleUserPassword($id: ID!, $password: String!) {\n    resetConsoleUserPassword(id: $id, password: $password) {\n      consoleUser {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ResetConsoleUserPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog(\n    $actor: String\n    $action: String\n    $entityType: String\n    $entityId: String\n    $since: Time\n    $until: Time\n    $first: Int\n    $after: String\n  ) {\n    auditLog(\n      actor: $actor\n      action: $action\n      entityType: $entityType\n      entityId: $entityId\n      since: $since\n      until: $until\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          at\n          actor\n          action\n          entityType\n          entityId\n          detail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      roles\n      createdAt\n      lastUsedAt\n    }\n  }\n"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleUsers {\n    consoleUsers {\n      id\n      username\n      roles\n      disabled\n      createdAt\n    }\n  }\n"): typeof import('./graphql').ConsoleUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      kind\n      roles\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      principal {\n        id\n        name\n        kind\n        roles\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      campaign {\n        id\n        name\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CreateCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {\n    updateCampaign(id: $id, input: $input) {\n      campaign {\n        id\n        name\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Campaigns {\n    campaigns {\n      id\n      name\n      description\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        uses\n        usesToday\n        usesLeftToday\n      }\n      coupons {\n        id\n      }\n      createdAt\n      updatedAt\n    }\n  }\n"): typeof import('./graphql').CampaignsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Campaign($id: ID!) {\n    campaign(id: $id) {\n      id\n      name\n      description\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        uses\n        usesToday\n        usesLeftToday\n      }\n      coupons {\n        id\n        name\n        status\n        currency\n        class\n        discount {\n          kind\n          amountOff\n          percentOff\n          maxDiscount\n          minOrderAmount\n        }\n        totalStock\n        remainingStock\n        budget {\n          amount\n          usesPerDay\n          spent\n          amountLeft\n          uses\n          usesToday\n          usesLeftToday\n        }\n      }\n      createdAt\n      updatedAt\n    }\n  }\n"): typeof import('./graphql').CampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignStats($id: ID!) {\n    campaign(id: $id) {\n      id\n      stats {\n        issued\n        used\n        useRate\n        discountTotal\n        orderAmountTotal\n        asOf\n      }\n    }\n  }\n"): typeof import('./graphql').CampaignStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignOptions {\n    campaigns {\n      id\n      name\n      currency\n    }\n  }\n"): typeof import('./graphql').CampaignOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertCategories($categories: [CategoryInput!]!) {\n    upsertCategories(categories: $categories) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UpsertCategoriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertProducts($products: [ProductInput!]!) {\n    upsertProducts(products: $products) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UpsertProductsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSuperBlacklist($add: [ID!], $remove: [ID!]) {\n    setSuperBlacklist(add: $add, remove: $remove) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SetSuperBlacklistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Categories {\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n"): typeof import('./graphql').CategoriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Products($search: String, $superBlacklisted: Boolean, $first: Int, $after: String) {\n    products(search: $search, superBlacklisted: $superBlacklisted, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          categoryId\n          superBlacklisted\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').ProductsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateCodes($input: GenerateCodesInput!) {\n    generateCodes(input: $input) {\n      batch {\n        ...CodeBatchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').GenerateCodesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableCodeBatch($id: ID!) {\n    disableCodeBatch(id: $id) {\n      batch {\n        ...CodeBatchFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').DisableCodeBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CodeBatchFields on CodeBatch {\n    id\n    status\n    count\n    generated\n    redeemed\n    disabled\n    prefix\n    length\n    lastError\n    createdAt\n    finishedAt\n  }\n"): typeof import('./graphql').CodeBatchFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CodeBatches($couponId: ID!) {\n    codeBatches(couponId: $couponId) {\n      ...CodeBatchFields\n      exportUrl\n    }\n  }\n"): typeof import('./graphql').CodeBatchesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCoupon($input: CouponInput!) {\n    createCoupon(input: $input) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CreateCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCoupon($id: ID!, $input: CouponInput!) {\n    updateCoupon(id: $id, input: $input) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateCoupon($id: ID!) {\n    activateCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ActivateCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseCoupon($id: ID!) {\n    pauseCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').PauseCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndCoupon($id: ID!) {\n    endCoupon(id: $id) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').EndCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddStock($id: ID!, $quantity: Long!) {\n    addStock(id: $id, quantity: $quantity) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').AddStockDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetProductScope($couponId: ID!, $scope: ProductScopeInput!) {\n    setProductScope(couponId: $couponId, scope: $scope) {\n      coupon {\n        ...CouponFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SetProductScopeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CouponFields on Coupon {\n    id\n    name\n    description\n    status\n    currency\n    discount {\n      kind\n      amountOff\n      percentOff\n      maxDiscount\n      minOrderAmount\n    }\n    validity {\n      kind\n      startsAt\n      endsAt\n      days\n    }\n    claimStartsAt\n    claimEndsAt\n    channels\n    totalStock\n    remainingStock\n    perUserLimit\n    stockSlots\n    productScope {\n      kind\n      productIds\n      categoryIds\n    }\n    tagRule {\n      anyOf\n      allOf\n      noneOf\n    }\n    class\n    combinesWith\n    exclusive\n    campaign {\n      id\n      name\n      currency\n    }\n    budget {\n      amount\n      usesPerDay\n      spent\n      amountLeft\n      uses\n      usesToday\n      usesLeftToday\n    }\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').CouponFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Coupons($first: Int, $after: String, $filter: CouponFilter, $orderBy: CouponOrder) {\n    coupons(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          currency\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n          claimStartsAt\n          claimEndsAt\n          channels\n          totalStock\n          remainingStock\n          campaign {\n            id\n            name\n          }\n          createdAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').CouponsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Coupon($id: ID!) {\n    coupon(id: $id) {\n      ...CouponFields\n    }\n  }\n"): typeof import('./graphql').CouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateIssuanceJob($input: IssuanceJobInput!) {\n    createIssuanceJob(input: $input) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CreateIssuanceJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseIssuanceJob($id: ID!) {\n    pauseIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').PauseIssuanceJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeIssuanceJob($id: ID!) {\n    resumeIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ResumeIssuanceJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelIssuanceJob($id: ID!) {\n    cancelIssuanceJob(id: $id) {\n      job {\n        ...IssuanceJobFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CancelIssuanceJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment IssuanceJobFields on IssuanceJob {\n    id\n    name\n    coupon {\n      id\n      name\n    }\n    status\n    audienceSize\n    processed\n    issued\n    skipped\n    failed\n    notified\n    ratePerSecond\n    lastError\n    createdBy\n    createdAt\n    startedAt\n    finishedAt\n  }\n"): typeof import('./graphql').IssuanceJobFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IssuanceJobs($couponId: ID, $status: [JobStatus!], $first: Int, $after: String) {\n    issuanceJobs(couponId: $couponId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...IssuanceJobFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').IssuanceJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IssuanceJob($id: ID!) {\n    issuanceJob(id: $id) {\n      ...IssuanceJobFields\n    }\n  }\n"): typeof import('./graphql').IssuanceJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IssuanceJobProgress($id: ID!) {\n    issuanceJobProgress(id: $id) {\n      ...IssuanceJobFields\n    }\n  }\n"): typeof import('./graphql').IssuanceJobProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TargetedCoupons($search: String) {\n    coupons(first: 50, filter: { status: [ACTIVE], channel: TARGETED, search: $search }) {\n      edges {\n        node {\n          id\n          name\n          remainingStock\n          totalStock\n        }\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').TargetedCouponsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartMigrationTask($kind: MigrationTaskKind!, $rowsPerSecond: Int) {\n    startMigrationTask(kind: $kind, rowsPerSecond: $rowsPerSecond) {\n      task {\n        ...MigrationTaskFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').StartMigrationTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelMigrationTask {\n    cancelMigrationTask {\n      task {\n        ...MigrationTaskFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CancelMigrationTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMigrationMode($mode: MigrationMode!) {\n    setMigrationMode(mode: $mode) {\n      migration {\n        ...MigrationFields\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SetMigrationModeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MigrationTaskFields on MigrationTask {\n    id\n    kind\n    status\n    mode\n    rowsPerSecond\n    done\n    total\n    written\n    users\n    differences\n    error\n    startedBy\n    startedAt\n    updatedAt\n    finishedAt\n  }\n"): typeof import('./graphql').MigrationTaskFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MigrationFields on Migration {\n    mode\n    modeChangedAt\n    modeChangedBy\n    configured\n    legacyTemplates\n    copiedTemplates\n    legacyRows\n    copiedThrough\n    rowsBehind\n    pendingRepairs\n    task {\n      ...MigrationTaskFields\n    }\n    lastVerify {\n      ...MigrationTaskFields\n    }\n    nextMode\n    blockers\n  }\n"): typeof import('./graphql').MigrationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Migration {\n    migration {\n      ...MigrationFields\n    }\n  }\n"): typeof import('./graphql').MigrationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MigrationDiffs($first: Int, $after: String) {\n    migration {\n      lastVerify {\n        id\n        diffs(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              id\n              kind\n              userId\n              couponId\n              legacyId\n              userCouponId\n              legacy\n              coupond\n              repaired\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MigrationDiffsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resharding {\n    resharding {\n      layout\n      generation\n      phase\n      changedAt\n      changedBy\n      note\n      target\n      tables {\n        table\n        copied\n        copiedThrough\n        lastId\n        caughtUpThrough\n        lastEvent\n      }\n      instances {\n        name\n        layout\n        generation\n        frozen\n        stale\n        seenAt\n      }\n    }\n  }\n"): typeof import('./graphql').ReshardingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimulatorCoupons($search: String) {\n    coupons(first: 20, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          name\n          status\n          currency\n          class\n          combinesWith\n          exclusive\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n        }\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').SimulatorCouponsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimulateStack($cart: CartInput!, $couponIds: [ID!]!) {\n    simulateStack(cart: $cart, couponIds: $couponIds) {\n      coupons {\n        coupon {\n          id\n          name\n          currency\n          class\n        }\n        discount\n        lines\n        shipping\n      }\n      discount\n      itemsTotal\n      shippingFee\n      leftOut {\n        coupon {\n          id\n          name\n          currency\n          class\n        }\n        why\n        reason\n        discount\n      }\n      maxCoupons\n    }\n  }\n"): typeof import('./graphql').SimulateStackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CouponStatsFields on CouponStats {\n    issued\n    issuedByChannel {\n      channel\n      count\n    }\n    used\n    refunded\n    expired\n    revoked\n    remainingStock\n    discountTotal\n    orderAmountTotal\n    useRate\n    asOf\n  }\n"): typeof import('./graphql').CouponStatsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatsOverview($from: Time!, $to: Time!, $first: Int) {\n    statsOverview(from: $from, to: $to) {\n      totals {\n        ...CouponStatsFields\n      }\n      topCoupons(first: $first) {\n        coupon {\n          id\n          name\n          status\n          currency\n        }\n        stats {\n          issued\n          used\n          useRate\n          discountTotal\n          orderAmountTotal\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StatsOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatsSeries($couponId: ID, $from: Time!, $to: Time!, $granularity: Granularity!) {\n    statsSeries(couponId: $couponId, from: $from, to: $to, granularity: $granularity) {\n      at\n      issued\n      used\n      refunded\n      discountTotal\n      orderAmountTotal\n    }\n  }\n"): typeof import('./graphql').StatsSeriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductStats($couponId: ID, $from: Time!, $to: Time!, $first: Int) {\n    productStats(couponId: $couponId, from: $from, to: $to, first: $first) {\n      product {\n        id\n        name\n      }\n      orders\n      units\n      salesAmount\n      discountTotal\n    }\n  }\n"): typeof import('./graphql').ProductStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CouponStats($couponId: ID!) {\n    couponStats(couponId: $couponId) {\n      ...CouponStatsFields\n    }\n  }\n"): typeof import('./graphql').CouponStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignsOverview {\n    campaigns {\n      id\n      name\n      currency\n      budget {\n        amount\n        usesPerDay\n        spent\n        amountLeft\n        usesToday\n        usesLeftToday\n      }\n      stats {\n        issued\n        used\n        discountTotal\n      }\n    }\n  }\n"): typeof import('./graphql').CampaignsOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Replication {\n    replication {\n      maxLagSeconds\n      pinSeconds\n      degraded\n      replicas {\n        database\n        address\n        usable\n        lagSeconds\n        problem\n        checkedAt\n      }\n    }\n  }\n"): typeof import('./graphql').ReplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTag($input: TagInput!) {\n    createTag(input: $input) {\n      tag {\n        name\n        description\n        kind\n        userCount\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').CreateTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportUserTags($tag: String!, $file: Upload!) {\n    importUserTags(tag: $tag, file: $file) {\n      count\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ImportUserTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTag($name: String!, $input: TagUpdateInput!) {\n    updateTag(name: $name, input: $input) {\n      tag {\n        name\n        description\n        kind\n        userCount\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTag($name: String!) {\n    deleteTag(name: $name) {\n      deletedName\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tags {\n    tags {\n      name\n      description\n      kind\n      userCount\n    }\n  }\n"): typeof import('./graphql').TagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserTags($userId: ID!, $add: [String!], $remove: [String!]) {\n    setUserTags(userId: $userId, add: $add, remove: $remove) {\n      tags\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SetUserTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeUserCoupon($id: ID!, $reason: String!) {\n    revokeUserCoupon(id: $id, reason: $reason) {\n      userCoupon {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').RevokeUserCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserTags($userId: ID!) {\n    userTags(userId: $userId)\n  }\n"): typeof import('./graphql').UserTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserCoupons($userId: ID!, $status: [UserCouponStatus!], $first: Int, $after: String) {\n    userCoupons(userId: $userId, status: $status, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          userId\n          coupon {\n            id\n            name\n            currency\n          }\n          status\n          channel\n          discount {\n            kind\n            amountOff\n            percentOff\n            maxDiscount\n            minOrderAmount\n          }\n          validFrom\n          validUntil\n          issuedAt\n          orderId\n          usedAt\n          discountApplied\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').UserCouponsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserKnown($userId: ID!) {\n    userTags(userId: $userId)\n    userCoupons(userId: $userId, first: 1) {\n      totalCount\n    }\n  }\n"): typeof import('./graphql').UserKnownDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
