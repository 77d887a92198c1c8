import{r as e}from"./client-DJS7f3rN.js";import{Qi as t,ki as n,s as r,u as i}from"./errors-Br8TGw_V.js";import{t as a}from"./useInfiniteQuery-DpdTmCp9.js";import{n as o}from"./format-COfZ8WTI.js";var s=[`ADMIN`,`OPERATOR`,`ANALYST`,`SUPPORT`,`SERVICE`],c={ADMIN:`red`,OPERATOR:`blue`,ANALYST:`green`,SUPPORT:`orange`,SERVICE:`purple`},l=new Set([...s,`SHOPPER`]);function u(e){return l.has(e)?i.t(`common:roles.${e}`):e}function d(e){return s.includes(e)?i.t(`admin:roleHelp.${e}`):``}function f(){return s.map(e=>({value:e,label:i.t(`admin:roleOption`,{role:u(e),help:d(e)})}))}var p=`login.logout.createConsoleUser.updateConsoleUser.resetConsoleUserPassword.createApiKey.revokeApiKey.createCoupon.updateCoupon.activateCoupon.pauseCoupon.endCoupon.addStock.setProductScope.upsertProducts.upsertCategories.claimCoupon.claimCoupons.redeemCode.generateCodes.disableCodeBatch.exportCodes.lockCoupon.useCoupon.releaseCoupon.refundOrder.revokeUserCoupon.createTag.setUserTags.importUserTags.setSuperBlacklist.createIssuanceJob.pauseIssuanceJob.resumeIssuanceJob.cancelIssuanceJob.startMigrationTask.cancelMigrationTask.setMigrationMode.exportStats`.split(`.`),m=[`Coupon`,`UserCoupon`,`User`,`Tag`,`IssuanceJob`,`CodeBatch`,`ConsoleUser`,`ApiKey`,`MigrationTask`,`Stats`],h=new Set(p),g=new Set(m);function _(e){return h.has(e)?i.t(`admin:audit.actions.${e}`):null}function v(e){return g.has(e)?i.t(`admin:audit.entities.${e}`):null}function y(e){return e?o(e,{seconds:!0}):`—`}function b(e){try{return JSON.stringify(JSON.parse(e),null,2)}catch{return e}}var x=r(`
  query AuditLog(
    $actor: String
    $action: String
    $entityType: String
    $entityId: String
    $since: Time
    $until: Time
    $first: Int
    $after: String
  ) {
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
`),S=r(`
  query ApiKeys {
    apiKeys {
      id
      name
      roles
      createdAt
      lastUsedAt
    }
  }
`),C=r(`
  query ConsoleUsers {
    consoleUsers {
      id
      username
      roles
      disabled
      createdAt
    }
  }
`),w=[`auditLog`],T=[`apiKeys`],E=[`consoleUsers`];function D(e){let t={};for(let n of[`actor`,`action`,`entityType`,`entityId`]){let r=e[n]?.trim();r&&(t[n]=r)}return e.range?.[0]&&(t.since=e.range[0].toDate().toISOString()),e.range?.[1]&&(t.until=e.range[1].toDate().toISOString()),t}var O=e=>e&&e.trim()?e.trim():null;function k(n){return a({queryKey:[...w,n],initialPageParam:null,queryFn:async({pageParam:t})=>(await e(x,{actor:O(n.actor),action:O(n.action),entityType:O(n.entityType),entityId:O(n.entityId),since:n.since??null,until:n.until??null,first:50,after:t})).auditLog,getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null,placeholderData:t})}function A(){return n({queryKey:T,queryFn:async()=>(await e(S)).apiKeys})}function j(){return n({queryKey:E,queryFn:async()=>(await e(C)).consoleUsers})}export{k as a,_ as c,b as d,u as f,A as i,v as l,E as n,j as o,f as p,D as r,c as s,T as t,y as u};