import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t,t as n}from"./jsx-runtime-C3cWAN_r.js";import{t as r}from"./useMutation-C9W1SFVM.js";import{I as i,Ii as a,T as o,a as s,c,i as l,ni as u,o as d,r as f,t as p,yn as m}from"./errors-BwmVEmbT.js";import{a as h,u as ee}from"./index-ojnawWD_.js";import{t as g}from"./card-CfbBEZp4.js";import{n as _,t as v}from"./row-B6l6sFgY.js";import{r as y,t as b}from"./client-DJS7f3rN.js";import{s as x}from"./format-CL_hYonn.js";import{t as S}from"./table-JonLdcKb.js";import{a as C,l as w,o as T,s as E}from"./format-CrBC8UP2.js";import{t as D}from"./useInfiniteQuery-CyLwA5CZ.js";import{t as O}from"./statistic-DizUp_2_.js";import{t as k}from"./steps-BAD7crcC.js";import{t as A}from"./descriptions-BEanx5vS.js";import{t as j}from"./progress-BmYTINy-.js";import{t as te}from"./input-number-xTydz_uJ.js";var M=e(t(),1),N=[`LEGACY_ONLY`,`DUAL_WRITE`,`DUAL_WRITE_NEW_READ`,`NEW_ONLY`],P={LEGACY_ONLY:`Writes and reads use the monolith's tables only. Run the static copy here.`,DUAL_WRITE:`Writes go to the monolith's tables first, then to coupond; reads use the monolith's. Copy, verify, repair.`,DUAL_WRITE_NEW_READ:`Writes go to coupond first, then to the monolith's tables; reads use coupond. Verify again.`,NEW_ONLY:`Writes and reads use coupond only; the monolith's tables are no longer written.`};function F(e){let t=e?N.indexOf(e):-1;return t<0?0:t}function ne(e){let t=F(e);return t>0?N[t-1]:null}function re(e,t){let n=F(t)<F(e),r=n?`Step back from ${e} to ${t}?`:`Move from ${e} to ${t}?`;switch(t){case`LEGACY_ONLY`:return{title:r,content:`Writes stop going to coupond; reads stay on the monolith's tables.`,warning:`coupond's copy falls behind the monolith's tables from now on. Before moving to DUAL_WRITE again, expect to copy, verify and repair.`};case`DUAL_WRITE`:return n?{title:r,content:`Reads go back to the monolith's tables, and writes go to them first, then to coupond.`,warning:`Both sides are still written. Verify again before moving forward.`}:{title:r,content:`Writes of migrated coupons go to the monolith's tables first, then to coupond; reads stay on the monolith's tables. Every instance follows within a second; coupond's stock of every migrated coupon is then set to the monolith's.`};case`DUAL_WRITE_NEW_READ`:return n?{title:r,content:`Writes go to coupond first, then to the monolith's tables again; reads stay on coupond.`,warning:`The monolith's tables missed every change made in NEW_ONLY. Run Verify, then Repair, to bring them up to date.`}:{title:r,content:`Writes go to coupond first, then to the monolith's tables; reads of migrated coupons come from coupond. Verify again in this mode before moving on.`};case`NEW_ONLY`:return{title:r,content:`Writes and reads use coupond only; the monolith's tables are no longer written. Stepping back later needs a verify and a repair to bring them up to date.`}}}var I={STATIC_COPY:`Static copy`,COPY:`Copy user coupons`,VERIFY:`Verify`,REPAIR:`Repair`},ie={STATIC_COPY:`Copies the coupon templates and their stock. Run it in LEGACY_ONLY.`,COPY:`Copies the monolith's user coupons from the checkpoint on. Runs once writes go to both sides (DUAL_WRITE).`,VERIFY:`Compares both sides user by user, and the stock; lists the differences.`,REPAIR:`Works the repair log of failed second-side writes, then sets right the last verify's differences.`},ae={RUNNING:`processing`,DONE:`green`,FAILED:`red`,CANCELLED:`default`},oe={MISSING_IN_COUPOND:`Missing in coupond`,MISSING_IN_LEGACY:`Missing in the monolith`,DIFFERENT:`Different`,STOCK:`Stock`},se={MISSING_IN_COUPOND:`orange`,MISSING_IN_LEGACY:`purple`,DIFFERENT:`red`,STOCK:`blue`};function ce(e){return e.total>0?Math.max(0,Math.min(100,Math.floor(e.done/e.total*100))):e.status===`DONE`?100:null}function le(e,t){if(!e||!t)return null;let n=new Date(e).getTime(),r=new Date(t).getTime();return Number.isNaN(n)||Number.isNaN(r)?null:Math.max(0,(r-n)/1e3)}function L(e){let t=le(e.startedAt,e.finishedAt??e.updatedAt);return t==null||t<=0||!(e.done>0)?null:e.done/t}function R(e){return w(L(e))}function z(e){if(e.status!==`RUNNING`||!(e.total>0))return null;let t=L(e);return t==null?null:Math.max(0,e.total-e.done)/t}function B(e){let t=z(e);return t==null?`—`:E(t)}function V(e){return e>0?`at most ${T(e)} rows/s`:`no limit`}function H(e,t){return t>0?`${T(e)} of ${T(t)}`:T(e)}function U(e){let t=T;switch(e.kind){case`STATIC_COPY`:return[`${H(e.done,e.total)} templates read`,`${t(e.written)} templates copied by this task`];case`COPY`:return[`${H(e.done,e.total)} of the monolith's rows read`,`${t(e.written)} user coupons written to coupond`,`Throttle: ${V(e.rowsPerSecond)}`];case`VERIFY`:return[`${H(e.done,e.total)} of the monolith's rows compared`,`${t(e.users)} users compared`,`${t(e.differences)} ${e.differences===1?`difference`:`differences`} found`];case`REPAIR`:return[`${H(e.done,e.total)} differences worked`,`${t(e.written)} repair log entries and differences set right`]}}function W(e){return`${T(e.copiedTemplates)} of ${T(e.legacyTemplates)}`}function ue(e){return e&&e.trim()?e:`(none)`}l(`
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
`),l(`
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
`);var de=l(`
  query Migration {
    migration {
      ...MigrationFields
    }
  }
`),fe=l(`
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
`),pe=l(`
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
`),G=[`migration`],K=[`migrationDiffs`],me=[`resharding`],q=1e3,he=50;function ge(){return u({queryKey:G,queryFn:async()=>(await y(de)).migration,refetchInterval:e=>e.state.data?.task?.status===`RUNNING`&&q})}function _e(e){return D({queryKey:[...K,e],enabled:e!=null,initialPageParam:null,queryFn:async({pageParam:e})=>(await y(fe,{first:he,after:e})).migration.lastVerify?.diffs??{edges:[],pageInfo:{hasNextPage:!1,endCursor:null}},getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null})}function ve(){let e=a();return t=>{t?.migration&&e.setQueryData(G,t.migration);let n=t?.task;return n&&e.setQueryData(G,e=>e&&{...e,task:n}),e.invalidateQueries({queryKey:G})}}function ye(e){let t=a(),n=(0,M.useRef)(null),r=e?`${e.id}:${e.status}`:null;(0,M.useEffect)(()=>{let e=n.current;n.current=r,e&&e!==r&&e.endsWith(`:RUNNING`)&&t.invalidateQueries({queryKey:K})},[r,t])}var be=5e3;function xe(){return u({queryKey:me,queryFn:async()=>(await y(pe)).resharding,refetchInterval:e=>e.state.data?.phase===`FROZEN`?q:be})}var J=n(),Y=(0,J.jsx)(s.Text,{type:`secondary`,children:`—`}),X=e=>(0,J.jsx)(`div`,{style:{maxWidth:380,whiteSpace:`normal`,wordBreak:`break-word`},children:e.trim()?(0,J.jsx)(s.Text,{style:{fontSize:12,fontFamily:`monospace`},children:e}):(0,J.jsx)(s.Text,{type:`secondary`,children:ue(e)})}),Se=[{title:`Kind`,dataIndex:`kind`,render:e=>(0,J.jsx)(h,{color:se[e],"data-testid":`migration-diff-kind`,children:oe[e]})},{title:`User`,dataIndex:`userId`,render:e=>e??Y},{title:`Coupon`,dataIndex:`couponId`},{title:`Monolith row id`,dataIndex:`legacyId`,render:e=>e??Y},{title:`coupond id`,dataIndex:`userCouponId`,render:e=>e??Y},{title:`Monolith side`,dataIndex:`legacy`,render:X},{title:`coupond side`,dataIndex:`coupond`,render:X},{title:`Repaired`,dataIndex:`repaired`,render:e=>e?(0,J.jsx)(h,{color:`green`,children:`Repaired`}):(0,J.jsx)(h,{children:`Not yet`})}];function Ce({verify:e}){let t=_e(e?.id??null),n=t.data?.pages.flatMap(e=>e.edges.map(e=>e.node))??[];return(0,J.jsx)(g,{size:`small`,title:`Differences found by the last verify`,extra:e?(0,J.jsxs)(s.Text,{type:`secondary`,"data-testid":`migration-verify-summary`,children:[`Task `,e.id,`, `,e.status,`, `,x(e.finishedAt??e.updatedAt),`: `,T(e.users),` users,`,` `,T(e.differences),` `,e.differences===1?`difference`:`differences`]}):void 0,"data-testid":`migration-diffs`,children:e?(0,J.jsxs)(J.Fragment,{children:[t.isError&&(0,J.jsx)(m,{type:`error`,showIcon:!0,title:p(t.error),style:{marginBottom:12},action:(0,J.jsx)(o,{size:`small`,onClick:()=>t.refetch(),children:`Retry`})}),(0,J.jsx)(S,{rowKey:`id`,columns:Se,dataSource:n,loading:t.isPending&&!t.isError,pagination:!1,size:`small`,scroll:{x:`max-content`},locale:{emptyText:t.isError?`Could not load the differences.`:e.differences===0?`The last verify found no differences.`:`No differences listed.`},"data-testid":`migration-diffs-table`,footer:()=>(0,J.jsxs)(c,{style:{width:`100%`,justifyContent:`space-between`},children:[(0,J.jsxs)(s.Text,{type:`secondary`,"data-testid":`migration-diffs-total`,children:[`Showing ${T(n.length)} of ${T(e.differences)}`,e.differences>1e4?` (at most 10,000 are kept)`:``]}),t.hasNextPage&&(0,J.jsx)(o,{onClick:()=>t.fetchNextPage(),loading:t.isFetchingNextPage,"data-testid":`migration-diffs-more`,children:`Load more`})]})})]}):(0,J.jsx)(s.Text,{type:`secondary`,"data-testid":`migration-no-verify`,children:`No verify has finished yet.`})})}function we({m:e}){let t=[{title:`Templates copied`,tip:`The monolith's coupon templates copied to coupond, of all of them.`,value:W(e),testId:`migration-templates`,warn:e.configured&&e.copiedTemplates<e.legacyTemplates},{title:`Monolith's user coupons`,tip:`Rows in the monolith's user coupon table.`,value:T(e.legacyRows),testId:`migration-legacy-rows`},{title:`Copied through id`,tip:`The copy's checkpoint: the last of the monolith's user coupon ids it copied. The next copy starts after it.`,value:String(e.copiedThrough),testId:`migration-copied-through`},{title:`Rows behind`,tip:`The monolith's user coupons after the checkpoint, not copied yet.`,value:T(e.rowsBehind),testId:`migration-rows-behind`,warn:e.rowsBehind>0},{title:`Pending repairs`,tip:`Writes to the second side that failed and wait in the repair log. Repair works them.`,value:T(e.pendingRepairs),testId:`migration-pending-repairs`,warn:e.pendingRepairs>0}];return(0,J.jsxs)(J.Fragment,{children:[!e.configured&&(0,J.jsx)(m,{type:`warning`,showIcon:!0,style:{marginBottom:16},title:`This instance has no connection to the monolith's database`,description:`COUPOND_LEGACY_DSN is not set on the instance that answered. The monolith's figures show as 0, tasks cannot start, and the mode cannot move forward. Every instance needs it while the monolith's tables are written.`,"data-testid":`migration-unconfigured`}),(0,J.jsx)(v,{gutter:[16,16],children:t.map(e=>(0,J.jsx)(_,{xs:12,md:8,xl:4,children:(0,J.jsx)(i,{title:e.tip,children:(0,J.jsx)(`div`,{children:(0,J.jsx)(O,{title:e.title,value:e.value,formatter:()=>e.value,styles:e.warn?{content:{color:`#d46b08`}}:void 0,"data-testid":e.testId})})})},e.testId))})]})}function Te({mode:e,changedAt:t,changedBy:n}){let r=F(e);return(0,J.jsxs)(`div`,{"data-testid":`migration-mode`,"data-mode":e,children:[(0,J.jsx)(k,{current:r,size:`small`,items:N.map((e,t)=>({key:e,title:(0,J.jsx)(`span`,{"data-testid":t===r?`migration-mode-current`:void 0,children:e}),content:(0,J.jsx)(`span`,{style:{fontSize:12},children:P[e]})})),"data-testid":`migration-mode-steps`}),(0,J.jsx)(s.Paragraph,{type:`secondary`,style:{margin:`12px 0 0`},"data-testid":`migration-mode-changed`,children:t?`In ${e} since ${x(t)}${n?`, set by ${n}`:``}.`:`In ${e} from the start: the mode has never been changed.`})]})}var Ee={RUNNING:`active`,DONE:`success`,FAILED:`exception`,CANCELLED:`normal`};function De({task:e,now:t=Date.now()}){if(!e)return(0,J.jsx)(g,{size:`small`,title:`Task`,style:{marginBottom:16},"data-testid":`migration-task`,children:(0,J.jsx)(s.Text,{type:`secondary`,"data-testid":`migration-no-task`,children:`No task has run yet.`})});let n=e,r=ce(n),i=n.status===`RUNNING`,a=C(n.startedAt,n.finishedAt??(i?null:n.updatedAt),t),o=[[`Done`,H(n.done,n.total),`migration-task-done`],[`Written`,T(n.written),`migration-task-written`]];return n.kind===`VERIFY`&&(o.push([`Users`,T(n.users),`migration-task-users`]),o.push([`Differences`,T(n.differences),`migration-task-differences`])),o.push([`Rate`,R(n),`migration-task-rate`]),i&&o.push([`Time left`,B(n),`migration-task-eta`]),o.push([`Elapsed`,a==null?`—`:E(a),`migration-task-elapsed`]),(0,J.jsxs)(g,{size:`small`,style:{marginBottom:16},title:(0,J.jsxs)(c,{children:[(0,J.jsxs)(`span`,{"data-testid":`migration-task-title`,children:[i?`Running task`:`Last task`,` `,n.id,`: `,(0,J.jsx)(`span`,{"data-testid":`migration-task-kind`,children:I[n.kind]})]}),(0,J.jsx)(h,{color:ae[n.status],"data-testid":`migration-task-status`,children:n.status})]}),extra:i?(0,J.jsx)(s.Text,{type:`secondary`,children:`Refreshed every second`}):void 0,"data-testid":`migration-task`,"data-task-id":n.id,"data-status":n.status,children:[n.error&&(0,J.jsx)(m,{type:n.status===`FAILED`?`error`:`warning`,showIcon:!0,title:n.status===`FAILED`?`The task failed`:`Error`,description:(0,J.jsx)(`span`,{style:{whiteSpace:`pre-wrap`},children:n.error}),style:{marginBottom:16},"data-testid":`migration-task-error`}),n.total>0&&(0,J.jsx)(`div`,{"data-testid":`migration-task-progress`,"data-percent":r??``,children:(0,J.jsx)(j,{percent:r??0,status:Ee[n.status]})}),(0,J.jsx)(`ul`,{style:{margin:`8px 0 0`,paddingLeft:20},"data-testid":`migration-task-summary`,children:U(n).map(e=>(0,J.jsx)(`li`,{children:e},e))}),(0,J.jsx)(v,{gutter:[16,16],style:{marginTop:16},children:o.map(([e,t,r])=>(0,J.jsx)(_,{xs:12,md:6,xl:3,children:(0,J.jsx)(O,{title:e,value:t,styles:r===`migration-task-differences`&&n.differences>0?{content:{color:`#cf1322`}}:void 0,"data-testid":r})},r))}),(0,J.jsxs)(A,{column:{xs:1,md:2,xl:3},size:`small`,style:{marginTop:16},children:[(0,J.jsx)(A.Item,{label:`Started by`,children:n.startedBy}),(0,J.jsx)(A.Item,{label:`Started`,children:x(n.startedAt)}),(0,J.jsx)(A.Item,{label:`Finished`,children:x(n.finishedAt)||`—`}),(0,J.jsx)(A.Item,{label:`In mode`,children:n.mode}),n.kind===`COPY`&&(0,J.jsx)(A.Item,{label:`Throttle`,children:V(n.rowsPerSecond)}),(0,J.jsx)(A.Item,{label:`Last report`,children:x(n.updatedAt)})]})]})}function Oe({mode:e,nextMode:t,blockers:n,changing:r,onChange:a}){let l=ne(e),u=n.length>0;return(0,J.jsxs)(g,{size:`small`,title:t?`Next mode: ${t}`:`Next mode`,style:{height:`100%`},"data-testid":`migration-next`,children:[t?u?(0,J.jsx)(m,{type:`info`,showIcon:!0,title:`${t} cannot be entered yet:`,description:(0,J.jsx)(`ul`,{style:{margin:0,paddingLeft:20},"data-testid":`migration-blockers`,children:n.map(e=>(0,J.jsx)(`li`,{"data-testid":`migration-blocker`,children:e},e))})}):(0,J.jsx)(m,{type:`success`,showIcon:!0,title:`Ready: nothing blocks ${t}.`,"data-testid":`migration-ready`}):(0,J.jsxs)(s.Paragraph,{"data-testid":`migration-last-mode`,children:[e,` is the last mode: the migration is complete.`]}),(0,J.jsxs)(c,{wrap:!0,style:{marginTop:16},children:[t&&(0,J.jsx)(i,{title:u?`Refused while the list above is not empty.`:void 0,children:(0,J.jsxs)(o,{type:`primary`,disabled:u||r!=null&&r!==t,loading:r===t,onClick:()=>a(t),"data-testid":`migration-advance`,children:[`Move to `,t]})}),l&&(0,J.jsxs)(o,{danger:!0,disabled:r!=null&&r!==l,loading:r===l,onClick:()=>a(l),"data-testid":`migration-back`,children:[`Step back to `,l]})]})]})}var ke={OPEN:`default`,FROZEN:`orange`,SWITCHED:`green`};function Z(e){return e.lastId===0?100:Math.min(100,Math.floor(e.copiedThrough/e.lastId*100))}function Ae(){let e=xe();if(e.isPending)return null;if(e.isError&&!e.data)return(0,J.jsx)(g,{size:`small`,title:`Resharding`,style:{marginTop:16},"data-testid":`resharding`,children:(0,J.jsx)(m,{type:`warning`,showIcon:!0,title:`The resharding could not be read: ${p(e.error)}`,"data-testid":`resharding-error`})});let t=e.data;return(0,J.jsxs)(g,{size:`small`,title:`Resharding of the user shards`,style:{marginTop:16},"data-testid":`resharding`,children:[(0,J.jsxs)(A,{size:`small`,column:{xs:1,md:3},children:[(0,J.jsx)(A.Item,{label:`Layout in use`,children:(0,J.jsxs)(`span`,{"data-testid":`resharding-layout`,children:[t.layout,` (databases × tables)`,t.generation>0?`, generation ${t.generation}`:``]})}),(0,J.jsxs)(A.Item,{label:`Phase`,children:[(0,J.jsx)(h,{color:ke[t.phase],"data-testid":`resharding-phase`,children:t.phase}),t.changedAt&&(0,J.jsxs)(s.Text,{type:`secondary`,children:[`since `,x(t.changedAt),` by `,t.changedBy]})]}),(0,J.jsx)(A.Item,{label:`New layout`,children:(0,J.jsx)(`span`,{"data-testid":`resharding-target`,children:t.target??`none given to this instance (COUPOND_RESHARD_*)`})})]}),t.phase===`FROZEN`&&(0,J.jsx)(m,{type:`warning`,showIcon:!0,style:{marginBottom:8},title:`A cut-over runs: writes to the user shards answer UNAVAILABLE until it ends (seconds); reads go on.`,"data-testid":`resharding-frozen`}),t.note&&(0,J.jsx)(m,{type:`error`,showIcon:!0,style:{marginBottom:8},title:`The last cut-over was called off: ${t.note}`,"data-testid":`resharding-note`}),t.tables.length>0&&(0,J.jsx)(S,{size:`small`,rowKey:`table`,pagination:!1,dataSource:t.tables,style:{marginBottom:8},"data-testid":`resharding-tables`,columns:[{title:`Table`,dataIndex:`table`},{title:`Copied`,render:(e,t)=>(0,J.jsxs)(`span`,{children:[(0,J.jsx)(j,{percent:Z(t),size:`small`,style:{width:120,marginRight:8}}),T(t.copied),` rows, through id `,t.copiedThrough,` of `,t.lastId]})},{title:`Caught up`,render:(e,t)=>(0,J.jsx)(`span`,{"data-testid":`resharding-behind`,children:t.lastEvent-t.caughtUpThrough>0?`${T(t.lastEvent-t.caughtUpThrough)} changes behind`:`up to date`})}]}),(0,J.jsx)(S,{size:`small`,rowKey:`name`,pagination:!1,dataSource:t.instances,"data-testid":`resharding-instances`,locale:{emptyText:`No instance reported in the last minute.`},columns:[{title:`Instance`,dataIndex:`name`},{title:`Layout`,render:(e,t)=>`${t.layout}${t.generation>0?` (generation ${t.generation})`:``}`},{title:`Writes`,render:(e,t)=>t.stale?(0,J.jsx)(h,{color:`red`,children:`stale: restart it on the layout in use`}):t.frozen?(0,J.jsx)(h,{color:`orange`,children:`frozen`}):(0,J.jsx)(h,{color:`green`,children:`open`})},{title:`Seen`,render:(e,t)=>x(t.seenAt)}]})]})}function je({mode:e,running:t,rowsPerSecond:n,onRowsPerSecond:r,starting:a,cancelling:l,onStart:u,onCancel:d}){let f=(e,n)=>{let r=t?`A task is running: wait for it or cancel it.`:n;return(0,J.jsx)(i,{title:r??ie[e],children:(0,J.jsx)(o,{disabled:!!r||a!=null&&a!==e,loading:a===e,onClick:()=>u(e),"data-testid":`migration-start-${e}`,children:I[e]})})};return(0,J.jsxs)(g,{size:`small`,title:`Tasks`,style:{height:`100%`},"data-testid":`migration-tasks`,children:[(0,J.jsx)(s.Paragraph,{type:`secondary`,style:{marginTop:0},children:`Tasks run in the background on the server, one at a time.`}),(0,J.jsxs)(c,{orientation:`vertical`,size:`middle`,style:{width:`100%`},children:[(0,J.jsxs)(c,{wrap:!0,children:[f(`STATIC_COPY`),f(`VERIFY`),f(`REPAIR`)]}),(0,J.jsxs)(c,{wrap:!0,align:`center`,children:[f(`COPY`,e===`LEGACY_ONLY`?`The copy of the user coupons runs once writes go to both sides: move to DUAL_WRITE first.`:void 0),(0,J.jsx)(te,{min:0,step:100,precision:0,value:n,onChange:e=>r(e??0),suffix:`rows/s`,style:{width:160},"aria-label":`Rows per second`,"data-testid":`migration-rows-per-second`}),(0,J.jsx)(s.Text,{type:`secondary`,children:`0 = no limit`})]}),t&&(0,J.jsx)(o,{danger:!0,loading:l,onClick:d,"data-testid":`migration-cancel`,children:`Cancel task`})]})]})}var Me=l(`
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
`),Ne=l(`
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
`),Pe=l(`
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
`),Q=e=>e.map(f).join(` `);function $(e){let t=p(e);return!(e instanceof b)||e.errors.length===0||!e.message||e.message===t?t:e.code===`UNAVAILABLE`?`The server refused: ${e.message}`:`${t} The server said: ${e.message}`}function Fe(){let e=ge(),t=ve(),{message:n,modal:i,notification:a}=ee.useApp(),[l,u]=(0,M.useState)(0),f=e.data?.task,h=f?.status===`RUNNING`,b=Ie(h);ye(f);let S=(e,t)=>a.error({title:e,description:t,duration:10,props:{"data-testid":`migration-error`}}),C=r({mutationFn:async e=>(await y(Me,{kind:e,rowsPerSecond:e===`COPY`?l:null})).startMigrationTask,onSuccess:(e,r)=>{e.task&&e.userErrors.length===0?n.success(`${I[r]} started (task ${e.task.id})`):S(`${I[r]} was not started`,Q(e.userErrors)||`The server refused the task.`),t({task:e.userErrors.length===0?e.task:null})},onError:(e,t)=>S(`${I[t]} was not started`,$(e))}),w=r({mutationFn:async()=>(await y(Ne)).cancelMigrationTask,onSuccess:e=>{e.task&&e.userErrors.length===0?n.success(`Task ${e.task.id} asked to stop; it stops at its next batch`):S(`The task was not cancelled`,Q(e.userErrors)||`The server refused.`),t()},onError:e=>S(`The task was not cancelled`,$(e))}),T=r({mutationFn:async e=>(await y(Pe,{mode:e})).setMigrationMode,onSuccess:(e,r)=>{e.userErrors.length===0?n.success(`The migration is in ${r} now`):S(`The mode was not changed to ${r}`,Q(e.userErrors)),t({migration:e.migration})},onError:(e,n)=>{S(`The mode was not changed to ${n}`,$(e)),t()}});if(e.isPending)return(0,J.jsx)(d,{});if(e.isError&&!e.data)return(0,J.jsx)(m,{type:`error`,showIcon:!0,title:p(e.error),action:(0,J.jsx)(o,{size:`small`,onClick:()=>e.refetch(),children:`Retry`}),"data-testid":`migration-load-error`});let E=e.data;return(0,J.jsxs)(J.Fragment,{children:[(0,J.jsxs)(c,{align:`center`,style:{marginBottom:8,width:`100%`,justifyContent:`space-between`},wrap:!0,children:[(0,J.jsx)(s.Title,{level:3,style:{margin:0},children:`Migration from the monolith`}),(0,J.jsx)(o,{onClick:()=>e.refetch(),loading:e.isFetching&&!h,"data-testid":`migration-refresh`,children:`Refresh`})]}),(0,J.jsx)(s.Paragraph,{type:`secondary`,style:{maxWidth:960},children:`Moves the mall's coupons from the monolith's tables into coupond: the static copy in LEGACY_ONLY; in DUAL_WRITE the copy of the user coupons, verify and repair; in DUAL_WRITE_NEW_READ verify again; then NEW_ONLY. A step forward is refused while something blocks it; a step back is always allowed.`}),e.isError&&(0,J.jsx)(m,{type:`warning`,showIcon:!0,style:{marginBottom:16},title:`The migration could not be read again: ${p(e.error)}`,description:`What follows is as it was at ${x(new Date(e.dataUpdatedAt).toISOString())}.`,action:(0,J.jsx)(o,{size:`small`,onClick:()=>e.refetch(),children:`Retry`}),"data-testid":`migration-stale`}),(0,J.jsx)(g,{size:`small`,title:`Mode`,style:{marginBottom:16},children:(0,J.jsx)(Te,{mode:E.mode,changedAt:E.modeChangedAt,changedBy:E.modeChangedBy})}),(0,J.jsx)(g,{size:`small`,title:`Figures`,style:{marginBottom:16},children:(0,J.jsx)(we,{m:E})}),(0,J.jsxs)(v,{gutter:[16,16],style:{marginBottom:16},children:[(0,J.jsx)(_,{xs:24,xl:12,children:(0,J.jsx)(Oe,{mode:E.mode,nextMode:E.nextMode,blockers:E.blockers,changing:T.isPending?T.variables??null:null,onChange:e=>{let t=re(E.mode,e),n=e!==E.nextMode;i.confirm({title:t.title,width:520,content:(0,J.jsxs)(J.Fragment,{children:[(0,J.jsx)(s.Paragraph,{children:t.content}),t.warning&&(0,J.jsx)(m,{type:`warning`,showIcon:!0,title:t.warning})]}),okText:n?`Step back to ${e}`:`Move to ${e}`,cancelText:`Stay in ${E.mode}`,okButtonProps:{danger:n,"data-testid":`migration-mode-confirm`},onOk:()=>T.mutateAsync(e).catch(()=>void 0)})}})}),(0,J.jsx)(_,{xs:24,xl:12,children:(0,J.jsx)(je,{mode:E.mode,running:h,rowsPerSecond:l,onRowsPerSecond:u,starting:C.isPending?C.variables??null:null,cancelling:w.isPending,onStart:e=>C.mutate(e),onCancel:()=>{f&&i.confirm({title:`Cancel task ${f.id} (${I[f.kind]})?`,content:f.kind===`COPY`?`It stops at its next batch. The copy keeps its checkpoint: a new copy goes on from there.`:`It stops at its next batch. Start it again to run it from the beginning.`,okText:`Cancel task`,cancelText:`Keep running`,okButtonProps:{danger:!0,"data-testid":`migration-cancel-confirm`},onOk:()=>w.mutateAsync().catch(()=>void 0)})}})})]}),(0,J.jsx)(De,{task:f,now:b}),(0,J.jsx)(Ce,{verify:E.lastVerify}),(0,J.jsx)(Ae,{})]})}function Ie(e){let[t,n]=(0,M.useState)(()=>Date.now());return(0,M.useEffect)(()=>{if(!e)return;let t=setInterval(()=>n(Date.now()),1e3);return()=>clearInterval(t)},[e]),t}export{Fe as default};