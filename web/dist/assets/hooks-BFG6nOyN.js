import{r as e}from"./client-DJS7f3rN.js";import{Ti as t,i as n,ni as r}from"./errors-BwmVEmbT.js";import{t as i}from"./useInfiniteQuery-CyLwA5CZ.js";var a=[`ADMIN`,`OPERATOR`,`ANALYST`,`SUPPORT`,`SERVICE`],o={ADMIN:`Admin`,OPERATOR:`Operator`,ANALYST:`Analyst`,SUPPORT:`Support`,SERVICE:`Service`,SHOPPER:`Shopper`},s={ADMIN:`red`,OPERATOR:`blue`,ANALYST:`green`,SUPPORT:`orange`,SERVICE:`purple`},c={ADMIN:`everything, including users, keys and settings`,OPERATOR:`coupons, stock, products, tags, jobs`,ANALYST:`read-only: coupons, jobs, statistics`,SUPPORT:`look up a user's coupons, revoke one`,SERVICE:`the mall's backend: claim, redeem, use, refund`},l=a.map(e=>({value:e,label:`${o[e]} (${c[e]})`}));function u(e){if(!e)return`—`;let t=new Date(e);return Number.isNaN(t.getTime())?e:t.toLocaleString(`en-GB`,{dateStyle:`medium`,timeStyle:`medium`})}function d(e){try{return JSON.stringify(JSON.parse(e),null,2)}catch{return e}}var f=n(`
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
`),p=n(`
  query ApiKeys {
    apiKeys {
      id
      name
      roles
      createdAt
      lastUsedAt
    }
  }
`),m=n(`
  query ConsoleUsers {
    consoleUsers {
      id
      username
      roles
      disabled
      createdAt
    }
  }
`),h=[`auditLog`],g=[`apiKeys`],_=[`consoleUsers`];function v(e){let t={};for(let n of[`actor`,`action`,`entityType`,`entityId`]){let r=e[n]?.trim();r&&(t[n]=r)}return e.range?.[0]&&(t.since=e.range[0].toDate().toISOString()),e.range?.[1]&&(t.until=e.range[1].toDate().toISOString()),t}var y=e=>e&&e.trim()?e.trim():null;function b(n){return i({queryKey:[...h,n],initialPageParam:null,queryFn:async({pageParam:t})=>(await e(f,{actor:y(n.actor),action:y(n.action),entityType:y(n.entityType),entityId:y(n.entityId),since:n.since??null,until:n.until??null,first:50,after:t})).auditLog,getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null,placeholderData:t})}function x(){return r({queryKey:g,queryFn:async()=>(await e(p)).apiKeys})}function S(){return r({queryKey:_,queryFn:async()=>(await e(m)).consoleUsers})}export{b as a,o as c,d,x as i,l,_ as n,S as o,v as r,s,g as t,u};