import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t,t as n}from"./jsx-runtime-C3cWAN_r.js";import{t as r}from"./useMutation-W630D1FA.js";import{D as i,Nn as a,T as o,W as s,a as c,ki as l,la as u,p as d,rt as f,s as p,t as m,u as h}from"./errors-Br8TGw_V.js";import{i as g,u as ee}from"./index-B61qxnBM.js";import{t as _}from"./card-C5zx2JLS.js";import{n as v,t as y}from"./row-B-ZvejWZ.js";import{i as b,n as x,o as S}from"./format-COfZ8WTI.js";import{r as C,t as w}from"./client-DJS7f3rN.js";import{t as T}from"./table-BI9dIKRD.js";import{t as E}from"./useInfiniteQuery-DpdTmCp9.js";import{t as D}from"./statistic-BpPXxAtx.js";import{t as O}from"./steps-DFmXsfaW.js";import{t as k}from"./descriptions-DLvT3oNJ.js";import{t as A}from"./progress-B9fMA8Gc.js";import{t as te}from"./input-number-CfLH8BoD.js";var j=e(t(),1),M=[`LEGACY_ONLY`,`DUAL_WRITE`,`DUAL_WRITE_NEW_READ`,`NEW_ONLY`],N=(e,t)=>h.t(`migration:${e}`,t),P=(e,t)=>e.includes(t);function F(e){return P(M,e)?N(`modes.${e}.name`):e}function ne(e){return P(M,e)?N(`modes.${e}.description`):``}function I(e){let t=e?M.indexOf(e):-1;return t<0?0:t}function re(e){let t=I(e);return t>0?M[t-1]:null}function ie(e,t){let n=I(t)<I(e),r={from:F(e),to:F(t)},i=N(n?`modeChange.backTitle`:`modeChange.forwardTitle`,r),a=`modeChange.${n?`back`:`forward`}.${t}`,o=n;return{title:i,content:N(`${a}.content`,{dualWrite:F(`DUAL_WRITE`),newOnly:F(`NEW_ONLY`)}),...o?{warning:N(`${a}.warning`,{dualWrite:F(`DUAL_WRITE`),newOnly:F(`NEW_ONLY`)})}:{}}}var L=[`STATIC_COPY`,`COPY`,`VERIFY`,`REPAIR`],ae=[`RUNNING`,`DONE`,`FAILED`,`CANCELLED`],oe=[`MISSING_IN_COUPOND`,`MISSING_IN_LEGACY`,`DIFFERENT`,`STOCK`];function R(e){return P(L,e)?N(`taskKinds.${e}.label`):e}function se(e){return P(L,e)?N(`taskKinds.${e}.help`,{legacyOnly:F(`LEGACY_ONLY`),dualWrite:F(`DUAL_WRITE`)}):``}function z(e){return P(ae,e)?N(`taskStatus.${e}`):e}var ce={RUNNING:`processing`,DONE:`green`,FAILED:`red`,CANCELLED:`default`};function le(e){return P(oe,e)?N(`diffKinds.${e}`):e}var ue={MISSING_IN_COUPOND:`orange`,MISSING_IN_LEGACY:`purple`,DIFFERENT:`red`,STOCK:`blue`};function de(e){return e.total>0?Math.max(0,Math.min(100,Math.floor(e.done/e.total*100))):e.status===`DONE`?100:null}function B(e,t){if(!e||!t)return null;let n=new Date(e).getTime(),r=new Date(t).getTime();return Number.isNaN(n)||Number.isNaN(r)?null:Math.max(0,(r-n)/1e3)}function fe(e,t,n=Date.now()){return B(e,t??new Date(n).toISOString())}function V(e){return e==null?`—`:b(Math.round(e))}function H(e){if(!Number.isFinite(e)||e<0)return`—`;if(e<1)return N(`duration.underSecond`);let t=Math.ceil(e),n=e=>String(e).padStart(2,`0`);return t<60?N(`duration.s`,{s:t}):t<3600?N(`duration.ms`,{m:Math.floor(t/60),s:n(t%60)}):t<86400?N(`duration.hm`,{h:Math.floor(t/3600),m:n(Math.floor(t%3600/60))}):N(`duration.dh`,{d:Math.floor(t/86400),h:Math.floor(t%86400/3600)})}function U(e){let t=B(e.startedAt,e.finishedAt??e.updatedAt);return t==null||t<=0||!(e.done>0)?null:e.done/t}function pe(e){let t=U(e);if(t==null||!Number.isFinite(t)||t<=0)return`—`;let n=t>=100?0:t>=10?1:2;return N(`rate`,{n:b(t,{minimumFractionDigits:n,maximumFractionDigits:n})})}function me(e){if(e.status!==`RUNNING`||!(e.total>0))return null;let t=U(e);return t==null?null:Math.max(0,e.total-e.done)/t}function he(e){let t=me(e);return t==null?`—`:H(t)}function W(e){return e>0?N(`throttle.limit`,{n:V(e)}):N(`throttle.none`)}function G(e,t){return t>0?N(`ofTotal`,{done:V(e),total:V(t)}):V(e)}function ge(e){let t=V,n=G(e.done,e.total);switch(e.kind){case`STATIC_COPY`:return[N(`summary.STATIC_COPY.read`,{progress:n}),N(`summary.STATIC_COPY.written`,{count:e.written,n:t(e.written)})];case`COPY`:return[N(`summary.COPY.read`,{progress:n}),N(`summary.COPY.written`,{count:e.written,n:t(e.written)}),N(`summary.COPY.throttle`,{limit:W(e.rowsPerSecond)})];case`VERIFY`:return[N(`summary.VERIFY.read`,{progress:n}),N(`summary.VERIFY.users`,{count:e.users,n:t(e.users)}),N(`summary.VERIFY.differences`,{count:e.differences,n:t(e.differences)})];case`REPAIR`:return[N(`summary.REPAIR.read`,{progress:n}),N(`summary.REPAIR.written`,{count:e.written,n:t(e.written)})];default:return[]}}function _e(e){return N(`ofTotal`,{done:V(e.copiedTemplates),total:V(e.legacyTemplates)})}function ve(e){return e&&e.trim()?e:N(`diffs.none`)}p(`
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
`),p(`
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
`);var ye=p(`
  query Migration {
    migration {
      ...MigrationFields
    }
  }
`),be=p(`
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
`),xe=p(`
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
`),K=[`migration`],q=[`migrationDiffs`],Se=[`resharding`],J=1e3,Ce=50;function we(){return l({queryKey:K,queryFn:async()=>(await C(ye)).migration,refetchInterval:e=>e.state.data?.task?.status===`RUNNING`&&J})}function Te(e){return E({queryKey:[...q,e],enabled:e!=null,initialPageParam:null,queryFn:async({pageParam:e})=>(await C(be,{first:Ce,after:e})).migration.lastVerify?.diffs??{edges:[],pageInfo:{hasNextPage:!1,endCursor:null}},getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null})}function Ee(){let e=u();return t=>{t?.migration&&e.setQueryData(K,t.migration);let n=t?.task;return n&&e.setQueryData(K,e=>e&&{...e,task:n}),e.invalidateQueries({queryKey:K})}}function De(e){let t=u(),n=(0,j.useRef)(null),r=e?`${e.id}:${e.status}`:null;(0,j.useEffect)(()=>{let e=n.current;n.current=r,e&&e!==r&&e.endsWith(`:RUNNING`)&&t.invalidateQueries({queryKey:q})},[r,t])}var Oe=5e3;function ke(){return l({queryKey:Se,queryFn:async()=>(await C(xe)).resharding,refetchInterval:e=>e.state.data?.phase===`FROZEN`?J:Oe})}var Y=n(),X=(0,Y.jsx)(S.Text,{type:`secondary`,children:`—`}),Z=e=>(0,Y.jsx)(`div`,{style:{maxWidth:380,whiteSpace:`normal`,wordBreak:`break-word`},children:e.trim()?(0,Y.jsx)(S.Text,{style:{fontSize:12,fontFamily:`monospace`},"data-i18n-data":!0,children:e}):(0,Y.jsx)(S.Text,{type:`secondary`,children:ve(e)})}),Ae=e=>[{title:e(`diffs.columns.kind`),dataIndex:`kind`,render:e=>(0,Y.jsx)(g,{color:ue[e],"data-testid":`migration-diff-kind`,children:le(e)})},{title:e(`diffs.columns.user`),dataIndex:`userId`,render:e=>e??X},{title:e(`diffs.columns.coupon`),dataIndex:`couponId`},{title:e(`diffs.columns.legacyId`),dataIndex:`legacyId`,render:e=>e??X},{title:e(`diffs.columns.coupondId`),dataIndex:`userCouponId`,render:e=>e??X},{title:e(`diffs.columns.legacy`),dataIndex:`legacy`,render:Z},{title:e(`diffs.columns.coupond`),dataIndex:`coupond`,render:Z},{title:e(`diffs.columns.repaired`),dataIndex:`repaired`,render:t=>t?(0,Y.jsx)(g,{color:`green`,children:e(`diffs.repaired`)}):(0,Y.jsx)(g,{children:e(`diffs.notYet`)})}];function je({verify:e}){let{t}=d([`migration`,`common`]),n=Te(e?.id??null),r=n.data?.pages.flatMap(e=>e.edges.map(e=>e.node))??[];return(0,Y.jsx)(_,{size:`small`,title:t(`diffs.title`),extra:e?(0,Y.jsx)(S.Text,{type:`secondary`,"data-testid":`migration-verify-summary`,children:t(`diffs.summary`,{id:e.id,status:z(e.status),time:x(e.finishedAt??e.updatedAt),users:V(e.users),count:e.differences,n:V(e.differences)})}):void 0,"data-testid":`migration-diffs`,children:e?(0,Y.jsxs)(Y.Fragment,{children:[n.isError&&(0,Y.jsx)(a,{type:`error`,showIcon:!0,title:m(n.error),style:{marginBottom:12},action:(0,Y.jsx)(s,{size:`small`,onClick:()=>n.refetch(),children:t(`common:actions.retry`)})}),(0,Y.jsx)(T,{rowKey:`id`,columns:Ae(t),dataSource:r,loading:n.isPending&&!n.isError,pagination:!1,size:`small`,scroll:{x:`max-content`},locale:{emptyText:n.isError?t(`diffs.loadError`):e.differences===0?t(`diffs.noneFound`):t(`diffs.noneListed`)},"data-testid":`migration-diffs-table`,footer:()=>(0,Y.jsxs)(i,{style:{width:`100%`,justifyContent:`space-between`},children:[(0,Y.jsxs)(S.Text,{type:`secondary`,"data-testid":`migration-diffs-total`,children:[t(`diffs.showing`,{shown:V(r.length),total:V(e.differences)}),e.differences>1e4?t(`diffs.capped`,{max:V(1e4)}):``]}),n.hasNextPage&&(0,Y.jsx)(s,{onClick:()=>n.fetchNextPage(),loading:n.isFetchingNextPage,"data-testid":`migration-diffs-more`,children:t(`diffs.more`)})]})})]}):(0,Y.jsx)(S.Text,{type:`secondary`,"data-testid":`migration-no-verify`,children:t(`diffs.noVerify`)})})}function Me({m:e}){let{t}=d(`migration`),n=[{title:t(`figures.templates`),tip:t(`figures.templatesTip`),value:_e(e),testId:`migration-templates`,warn:e.configured&&e.copiedTemplates<e.legacyTemplates},{title:t(`figures.legacyRows`),tip:t(`figures.legacyRowsTip`),value:V(e.legacyRows),testId:`migration-legacy-rows`},{title:t(`figures.copiedThrough`),tip:t(`figures.copiedThroughTip`),value:String(e.copiedThrough),testId:`migration-copied-through`},{title:t(`figures.rowsBehind`),tip:t(`figures.rowsBehindTip`),value:V(e.rowsBehind),testId:`migration-rows-behind`,warn:e.rowsBehind>0},{title:t(`figures.pendingRepairs`),tip:t(`figures.pendingRepairsTip`),value:V(e.pendingRepairs),testId:`migration-pending-repairs`,warn:e.pendingRepairs>0}];return(0,Y.jsxs)(Y.Fragment,{children:[!e.configured&&(0,Y.jsx)(a,{type:`warning`,showIcon:!0,style:{marginBottom:16},title:t(`figures.unconfigured`),description:t(`figures.unconfiguredDetail`),"data-testid":`migration-unconfigured`}),(0,Y.jsx)(y,{gutter:[16,16],children:n.map(e=>(0,Y.jsx)(v,{xs:12,md:8,xl:4,children:(0,Y.jsx)(f,{title:e.tip,children:(0,Y.jsx)(`div`,{children:(0,Y.jsx)(D,{title:e.title,value:e.value,formatter:()=>e.value,styles:e.warn?{content:{color:`#d46b08`}}:void 0,"data-testid":e.testId})})})},e.testId))})]})}function Ne({mode:e,changedAt:t,changedBy:n}){let{t:r}=d(`migration`),i=I(e),a=F(e);return(0,Y.jsxs)(`div`,{"data-testid":`migration-mode`,"data-mode":e,children:[(0,Y.jsx)(O,{current:i,size:`small`,items:M.map((e,t)=>({key:e,title:(0,Y.jsx)(`span`,{"data-testid":t===i?`migration-mode-current`:void 0,children:F(e)}),content:(0,Y.jsx)(`span`,{style:{fontSize:12},children:ne(e)})})),"data-testid":`migration-mode-steps`}),(0,Y.jsx)(S.Paragraph,{type:`secondary`,style:{margin:`12px 0 0`},"data-testid":`migration-mode-changed`,children:t?n?(0,Y.jsx)(`span`,{"data-i18n-data":!0,children:r(`steps.changedBy`,{mode:a,time:x(t),by:n})}):r(`steps.changed`,{mode:a,time:x(t)}):r(`steps.never`,{mode:a})})]})}var Pe={RUNNING:`active`,DONE:`success`,FAILED:`exception`,CANCELLED:`normal`};function Fe({task:e,now:t=Date.now()}){let{t:n}=d(`migration`);if(!e)return(0,Y.jsx)(_,{size:`small`,title:n(`task.title`),style:{marginBottom:16},"data-testid":`migration-task`,children:(0,Y.jsx)(S.Text,{type:`secondary`,"data-testid":`migration-no-task`,children:n(`task.none`)})});let r=e,o=de(r),s=r.status===`RUNNING`,c=fe(r.startedAt,r.finishedAt??(s?null:r.updatedAt),t),l=[[n(`task.done`),G(r.done,r.total),`migration-task-done`],[n(`task.written`),V(r.written),`migration-task-written`]];return r.kind===`VERIFY`&&(l.push([n(`task.users`),V(r.users),`migration-task-users`]),l.push([n(`task.differences`),V(r.differences),`migration-task-differences`])),l.push([n(`task.rate`),pe(r),`migration-task-rate`]),s&&l.push([n(`task.timeLeft`),he(r),`migration-task-eta`]),l.push([n(`task.elapsed`),c==null?`—`:H(c),`migration-task-elapsed`]),(0,Y.jsxs)(_,{size:`small`,style:{marginBottom:16},title:(0,Y.jsxs)(i,{children:[(0,Y.jsxs)(`span`,{"data-testid":`migration-task-title`,children:[n(s?`task.running`:`task.last`),` `,r.id,`: `,(0,Y.jsx)(`span`,{"data-testid":`migration-task-kind`,children:R(r.kind)})]}),(0,Y.jsx)(g,{color:ce[r.status],"data-testid":`migration-task-status`,children:z(r.status)})]}),extra:s?(0,Y.jsx)(S.Text,{type:`secondary`,children:n(`task.refreshed`)}):void 0,"data-testid":`migration-task`,"data-task-id":r.id,"data-status":r.status,children:[r.error&&(0,Y.jsx)(a,{type:r.status===`FAILED`?`error`:`warning`,showIcon:!0,title:r.status===`FAILED`?n(`task.failed`):n(`task.error`),description:(0,Y.jsx)(`span`,{style:{whiteSpace:`pre-wrap`},"data-i18n-data":!0,children:r.error}),style:{marginBottom:16},"data-testid":`migration-task-error`}),r.total>0&&(0,Y.jsx)(`div`,{"data-testid":`migration-task-progress`,"data-percent":o??``,children:(0,Y.jsx)(A,{percent:o??0,status:Pe[r.status]})}),(0,Y.jsx)(`ul`,{style:{margin:`8px 0 0`,paddingLeft:20},"data-testid":`migration-task-summary`,children:ge(r).map(e=>(0,Y.jsx)(`li`,{children:e},e))}),(0,Y.jsx)(y,{gutter:[16,16],style:{marginTop:16},children:l.map(([e,t,n])=>(0,Y.jsx)(v,{xs:12,md:6,xl:3,children:(0,Y.jsx)(D,{title:e,value:t,styles:n===`migration-task-differences`&&r.differences>0?{content:{color:`#cf1322`}}:void 0,"data-testid":n})},n))}),(0,Y.jsxs)(k,{column:{xs:1,md:2,xl:3},size:`small`,style:{marginTop:16},children:[(0,Y.jsx)(k.Item,{label:n(`task.startedBy`),children:(0,Y.jsx)(`span`,{"data-i18n-data":!0,children:r.startedBy})}),(0,Y.jsx)(k.Item,{label:n(`task.started`),children:x(r.startedAt)}),(0,Y.jsx)(k.Item,{label:n(`task.finished`),children:x(r.finishedAt)||`—`}),(0,Y.jsx)(k.Item,{label:n(`task.inMode`),children:F(r.mode)}),r.kind===`COPY`&&(0,Y.jsx)(k.Item,{label:n(`task.throttle`),children:W(r.rowsPerSecond)}),(0,Y.jsx)(k.Item,{label:n(`task.lastReport`),children:x(r.updatedAt)})]})]})}function Ie({mode:e,nextMode:t,blockers:n,changing:r,onChange:o}){let{t:c}=d(`migration`),l=re(e),u=n.length>0;return(0,Y.jsxs)(_,{size:`small`,title:t?c(`next.title`,{mode:F(t)}):c(`next.titleNone`),style:{height:`100%`},"data-testid":`migration-next`,children:[t?u?(0,Y.jsx)(a,{type:`info`,showIcon:!0,title:c(`next.blocked`,{mode:F(t)}),description:(0,Y.jsx)(`ul`,{style:{margin:0,paddingLeft:20},"data-testid":`migration-blockers`,"data-i18n-data":!0,children:n.map(e=>(0,Y.jsx)(`li`,{"data-testid":`migration-blocker`,children:e},e))})}):(0,Y.jsx)(a,{type:`success`,showIcon:!0,title:c(`next.ready`,{mode:F(t)}),"data-testid":`migration-ready`}):(0,Y.jsx)(S.Paragraph,{"data-testid":`migration-last-mode`,children:c(`next.last`,{mode:F(e)})}),(0,Y.jsxs)(i,{wrap:!0,style:{marginTop:16},children:[t&&(0,Y.jsx)(f,{title:u?c(`next.refusedTip`):void 0,children:(0,Y.jsx)(s,{type:`primary`,disabled:u||r!=null&&r!==t,loading:r===t,onClick:()=>o(t),"data-testid":`migration-advance`,children:c(`modeChange.moveTo`,{mode:F(t)})})}),l&&(0,Y.jsx)(s,{danger:!0,disabled:r!=null&&r!==l,loading:r===l,onClick:()=>o(l),"data-testid":`migration-back`,children:c(`modeChange.stepBackTo`,{mode:F(l)})})]})]})}var Le={OPEN:`default`,FROZEN:`orange`,SWITCHED:`green`};function Re(e){return e.lastId===0?100:Math.min(100,Math.floor(e.copiedThrough/e.lastId*100))}function ze(){let{t:e}=d(`migration`),t=ke();if(t.isPending)return null;if(t.isError&&!t.data)return(0,Y.jsx)(_,{size:`small`,title:e(`resharding.title`),style:{marginTop:16},"data-testid":`resharding`,children:(0,Y.jsx)(a,{type:`warning`,showIcon:!0,title:e(`resharding.readError`,{error:m(t.error)}),"data-testid":`resharding-error`})});let n=t.data;return(0,Y.jsxs)(_,{size:`small`,title:e(`resharding.titleFull`),style:{marginTop:16},"data-testid":`resharding`,children:[(0,Y.jsxs)(k,{size:`small`,column:{xs:1,md:3},children:[(0,Y.jsx)(k.Item,{label:e(`resharding.layoutInUse`),children:(0,Y.jsxs)(`span`,{"data-testid":`resharding-layout`,children:[e(`resharding.layout`,{layout:n.layout}),n.generation>0?e(`resharding.generation`,{n:n.generation}):``]})}),(0,Y.jsxs)(k.Item,{label:e(`resharding.phase`),children:[(0,Y.jsx)(g,{color:Le[n.phase],"data-testid":`resharding-phase`,children:Le[n.phase]?e(`resharding.phases.${n.phase}`):n.phase}),n.changedAt&&(0,Y.jsx)(S.Text,{type:`secondary`,"data-i18n-data":!0,children:e(`resharding.since`,{time:x(n.changedAt),by:n.changedBy})})]}),(0,Y.jsx)(k.Item,{label:e(`resharding.newLayout`),children:(0,Y.jsx)(`span`,{"data-testid":`resharding-target`,children:n.target??e(`resharding.noTarget`)})})]}),n.phase===`FROZEN`&&(0,Y.jsx)(a,{type:`warning`,showIcon:!0,style:{marginBottom:8},title:e(`resharding.frozen`),"data-testid":`resharding-frozen`}),n.note&&(0,Y.jsx)(a,{type:`error`,showIcon:!0,style:{marginBottom:8},title:(0,Y.jsx)(`span`,{"data-i18n-data":!0,children:e(`resharding.calledOff`,{note:n.note})}),"data-testid":`resharding-note`}),n.tables.length>0&&(0,Y.jsx)(T,{size:`small`,rowKey:`table`,pagination:!1,dataSource:n.tables,style:{marginBottom:8},"data-testid":`resharding-tables`,columns:[{title:e(`resharding.columns.table`),dataIndex:`table`,render:e=>(0,Y.jsx)(`span`,{"data-i18n-data":!0,children:e})},{title:e(`resharding.columns.copied`),render:(t,n)=>(0,Y.jsxs)(`span`,{children:[(0,Y.jsx)(A,{percent:Re(n),size:`small`,style:{width:120,marginRight:8}}),e(`resharding.copiedRows`,{count:n.copied,n:V(n.copied),through:n.copiedThrough,last:n.lastId})]})},{title:e(`resharding.columns.caughtUp`),render:(t,n)=>(0,Y.jsx)(`span`,{"data-testid":`resharding-behind`,children:n.lastEvent-n.caughtUpThrough>0?e(`resharding.behind`,{count:n.lastEvent-n.caughtUpThrough,n:V(n.lastEvent-n.caughtUpThrough)}):e(`resharding.upToDate`)})}]}),(0,Y.jsx)(T,{size:`small`,rowKey:`name`,pagination:!1,dataSource:n.instances,"data-testid":`resharding-instances`,locale:{emptyText:e(`resharding.noInstances`)},columns:[{title:e(`resharding.columns.instance`),dataIndex:`name`,render:e=>(0,Y.jsx)(`span`,{"data-i18n-data":!0,children:e})},{title:e(`resharding.columns.layout`),render:(t,n)=>n.generation>0?e(`resharding.instanceGeneration`,{layout:n.layout,n:n.generation}):n.layout},{title:e(`resharding.columns.writes`),render:(t,n)=>n.stale?(0,Y.jsx)(g,{color:`red`,children:e(`resharding.stale`)}):n.frozen?(0,Y.jsx)(g,{color:`orange`,children:e(`resharding.frozenTag`)}):(0,Y.jsx)(g,{color:`green`,children:e(`resharding.open`)})},{title:e(`resharding.columns.seen`),render:(e,t)=>x(t.seenAt)}]})]})}function Be({mode:e,running:t,rowsPerSecond:n,onRowsPerSecond:r,starting:a,cancelling:o,onStart:c,onCancel:l}){let{t:u}=d(`migration`),p=(e,n)=>{let r=t?u(`tasks.running`):n;return(0,Y.jsx)(f,{title:r??se(e),children:(0,Y.jsx)(s,{disabled:!!r||a!=null&&a!==e,loading:a===e,onClick:()=>c(e),"data-testid":`migration-start-${e}`,children:R(e)})})};return(0,Y.jsxs)(_,{size:`small`,title:u(`tasks.title`),style:{height:`100%`},"data-testid":`migration-tasks`,children:[(0,Y.jsx)(S.Paragraph,{type:`secondary`,style:{marginTop:0},children:u(`tasks.intro`)}),(0,Y.jsxs)(i,{orientation:`vertical`,size:`middle`,style:{width:`100%`},children:[(0,Y.jsxs)(i,{wrap:!0,children:[p(`STATIC_COPY`),p(`VERIFY`),p(`REPAIR`)]}),(0,Y.jsxs)(i,{wrap:!0,align:`center`,children:[p(`COPY`,e===`LEGACY_ONLY`?u(`tasks.copyWaits`,{dualWrite:F(`DUAL_WRITE`)}):void 0),(0,Y.jsx)(te,{min:0,step:100,precision:0,value:n,onChange:e=>r(e??0),suffix:u(`tasks.rowsUnit`),style:{width:160},"aria-label":u(`tasks.rowsPerSecond`),"data-testid":`migration-rows-per-second`}),(0,Y.jsx)(S.Text,{type:`secondary`,children:u(`tasks.noLimit`)})]}),t&&(0,Y.jsx)(s,{danger:!0,loading:o,onClick:l,"data-testid":`migration-cancel`,children:u(`tasks.cancel`)})]})]})}var Ve=p(`
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
`),He=p(`
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
`),Ue=p(`
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
`),Q=e=>e.map(c).join(` `);function $(e){let t=m(e);return!(e instanceof w)||e.errors.length===0||!e.message||e.message===t?t:e.code===`UNAVAILABLE`?h.t(`migration:page.serverRefused`,{message:e.message}):h.t(`migration:page.serverSaid`,{text:t,message:e.message})}function We(){let{t:e}=d([`migration`,`common`]),t=we(),n=Ee(),{message:c,modal:l,notification:u}=ee.useApp(),[f,p]=(0,j.useState)(0),h=t.data?.task,g=h?.status===`RUNNING`,b=Ge(g);De(h);let w=(e,t)=>u.error({title:e,description:t,duration:10,props:{"data-testid":`migration-error`}}),T=r({mutationFn:async e=>(await C(Ve,{kind:e,rowsPerSecond:e===`COPY`?f:null})).startMigrationTask,onSuccess:(t,r)=>{t.task&&t.userErrors.length===0?c.success(e(`page.taskStarted`,{kind:R(r),id:t.task.id})):w(e(`page.taskNotStarted`,{kind:R(r)}),Q(t.userErrors)||e(`page.taskRefused`)),n({task:t.userErrors.length===0?t.task:null})},onError:(t,n)=>w(e(`page.taskNotStarted`,{kind:R(n)}),$(t))}),E=r({mutationFn:async()=>(await C(He)).cancelMigrationTask,onSuccess:t=>{t.task&&t.userErrors.length===0?c.success(e(`page.cancelAsked`,{id:t.task.id})):w(e(`page.notCancelled`),Q(t.userErrors)||e(`page.refused`)),n()},onError:t=>w(e(`page.notCancelled`),$(t))}),D=r({mutationFn:async e=>(await C(Ue,{mode:e})).setMigrationMode,onSuccess:(t,r)=>{t.userErrors.length===0?c.success(e(`page.modeChanged`,{mode:F(r)})):w(e(`page.modeNotChanged`,{mode:F(r)}),Q(t.userErrors)),n({migration:t.migration})},onError:(t,r)=>{w(e(`page.modeNotChanged`,{mode:F(r)}),$(t)),n()}});if(t.isPending)return(0,Y.jsx)(o,{});if(t.isError&&!t.data)return(0,Y.jsx)(a,{type:`error`,showIcon:!0,title:m(t.error),action:(0,Y.jsx)(s,{size:`small`,onClick:()=>t.refetch(),children:e(`common:actions.retry`)}),"data-testid":`migration-load-error`});let O=t.data;return(0,Y.jsxs)(Y.Fragment,{children:[(0,Y.jsxs)(i,{align:`center`,style:{marginBottom:8,width:`100%`,justifyContent:`space-between`},wrap:!0,children:[(0,Y.jsx)(S.Title,{level:3,style:{margin:0},children:e(`page.title`)}),(0,Y.jsx)(s,{onClick:()=>t.refetch(),loading:t.isFetching&&!g,"data-testid":`migration-refresh`,children:e(`common:actions.refresh`)})]}),(0,Y.jsx)(S.Paragraph,{type:`secondary`,style:{maxWidth:960},children:e(`page.intro`,{legacyOnly:F(`LEGACY_ONLY`),dualWrite:F(`DUAL_WRITE`),dualWriteNewRead:F(`DUAL_WRITE_NEW_READ`),newOnly:F(`NEW_ONLY`)})}),t.isError&&(0,Y.jsx)(a,{type:`warning`,showIcon:!0,style:{marginBottom:16},title:e(`page.stale`,{error:m(t.error)}),description:e(`page.staleDetail`,{time:x(t.dataUpdatedAt,{seconds:!0})}),action:(0,Y.jsx)(s,{size:`small`,onClick:()=>t.refetch(),children:e(`common:actions.retry`)}),"data-testid":`migration-stale`}),(0,Y.jsx)(_,{size:`small`,title:e(`page.mode`),style:{marginBottom:16},children:(0,Y.jsx)(Ne,{mode:O.mode,changedAt:O.modeChangedAt,changedBy:O.modeChangedBy})}),(0,Y.jsx)(_,{size:`small`,title:e(`page.figures`),style:{marginBottom:16},children:(0,Y.jsx)(Me,{m:O})}),(0,Y.jsxs)(y,{gutter:[16,16],style:{marginBottom:16},children:[(0,Y.jsx)(v,{xs:24,xl:12,children:(0,Y.jsx)(Ie,{mode:O.mode,nextMode:O.nextMode,blockers:O.blockers,changing:D.isPending?D.variables??null:null,onChange:t=>{let n=ie(O.mode,t),r=t!==O.nextMode;l.confirm({title:n.title,width:520,content:(0,Y.jsxs)(Y.Fragment,{children:[(0,Y.jsx)(S.Paragraph,{children:n.content}),n.warning&&(0,Y.jsx)(a,{type:`warning`,showIcon:!0,title:n.warning})]}),okText:e(r?`modeChange.stepBackTo`:`modeChange.moveTo`,{mode:F(t)}),cancelText:e(`modeChange.stayIn`,{mode:F(O.mode)}),okButtonProps:{danger:r,"data-testid":`migration-mode-confirm`},onOk:()=>D.mutateAsync(t).catch(()=>void 0)})}})}),(0,Y.jsx)(v,{xs:24,xl:12,children:(0,Y.jsx)(Be,{mode:O.mode,running:g,rowsPerSecond:f,onRowsPerSecond:p,starting:T.isPending?T.variables??null:null,cancelling:E.isPending,onStart:e=>T.mutate(e),onCancel:()=>{h&&l.confirm({title:e(`page.cancelTitle`,{id:h.id,kind:R(h.kind)}),content:h.kind===`COPY`?e(`page.cancelCopy`):e(`page.cancelOther`),okText:e(`page.cancelOk`),cancelText:e(`page.keepRunning`),okButtonProps:{danger:!0,"data-testid":`migration-cancel-confirm`},onOk:()=>E.mutateAsync().catch(()=>void 0)})}})})]}),(0,Y.jsx)(Fe,{task:h,now:b}),(0,Y.jsx)(je,{verify:O.lastVerify}),(0,Y.jsx)(ze,{})]})}function Ge(e){let[t,n]=(0,j.useState)(()=>Date.now());return(0,j.useEffect)(()=>{if(!e)return;let t=setInterval(()=>n(Date.now()),1e3);return()=>clearInterval(t)},[e]),t}export{We as default};