import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t,t as n}from"./jsx-runtime-C3cWAN_r.js";import{F as r,I as i,N as a,P as o,i as s,n as c,o as l,u}from"./index-B61qxnBM.js";import{t as d}from"./Trans-Co_rab_3.js";import{D as f,Nn as p,Qi as m,T as h,W as g,a as _,ki as v,la as y,n as b,p as x,s as S,t as C}from"./errors-Br8TGw_V.js";import{t as w}from"./card-C5zx2JLS.js";import{g as T,l as E}from"./FileOutlined-B-9F3RaP.js";import{i as D,o as O,r as k}from"./format-COfZ8WTI.js";import{t as A}from"./useInfiniteQuery-DpdTmCp9.js";import{t as ee}from"./table-BI9dIKRD.js";import{r as j}from"./client-DJS7f3rN.js";import{a as M,o as N}from"./format-WNmT_QaE.js";import{t as P}from"./useMutation-W630D1FA.js";import{t as F}from"./form-6giSBnjv.js";import{t as I}from"./modal-Ct64gWJq.js";import{n as L,t as R}from"./hooks-CCWtJQ8V.js";var z=e(t(),1),B=[`UNUSED`,`LOCKED`,`USED`,`EXPIRED`,`REVOKED`],V={UNUSED:`green`,LOCKED:`gold`,USED:`blue`,EXPIRED:`default`,REVOKED:`red`};function H(e){return(e??``).split(`,`).filter(e=>B.includes(e))}function U(e){return`/users/${encodeURIComponent(e)}`}var W=S(`
  query UserTags($userId: ID!) {
    userTags(userId: $userId)
  }
`),G=S(`
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
`),K=S(`
  query UserKnown($userId: ID!) {
    userTags(userId: $userId)
    userCoupons(userId: $userId, first: 1) {
      totalCount
    }
  }
`),q=e=>[`userTags`,e],J=e=>[`userCoupons`,e];function Y(e){return v({queryKey:q(e),queryFn:async()=>(await j(W,{userId:e})).userTags,enabled:e!==``})}function X(e){let t=v({queryKey:[`userKnown`,e],queryFn:async()=>{let t=await j(K,{userId:e});return t.userTags.length>0||t.userCoupons.totalCount>0},enabled:e!==``});return t.isSuccess?t.data:void 0}var Z=n();function Q({status:e}){let{t}=x(`users`);return(0,Z.jsx)(s,{color:V[e]??`default`,"data-testid":`user-coupon-status`,children:t(`status.${e}`,{defaultValue:e})})}var te=S(`
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
`),ne=S(`
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
`),re=500;function ie({target:e,onClose:t,onRevoked:n}){let{t:r}=x(`users`),[i]=F.useForm(),[a,o]=(0,z.useState)([]),s=P({mutationFn:e=>j(ne,e)}),c=()=>{o([]),t()};return(0,Z.jsxs)(I,{title:r(`revoke.title`),open:e!=null,onCancel:c,onOk:()=>i.submit(),okText:r(`revoke.ok`),okButtonProps:{danger:!0,loading:s.isPending,"data-testid":`revoke-submit`},destroyOnHidden:!0,children:[e&&(0,Z.jsx)(O.Paragraph,{children:(0,Z.jsx)(d,{t:r,i18nKey:e.status===`LOCKED`?`revoke.textLocked`:`revoke.text`,values:{name:e.couponName},components:{b:(0,Z.jsx)(O.Text,{strong:!0})}})}),a.length>0&&(0,Z.jsx)(p,{type:`error`,showIcon:!0,style:{marginBottom:16},title:a.join(` `),"data-testid":`revoke-errors`}),(0,Z.jsx)(F,{form:i,name:`revoke`,layout:`vertical`,preserve:!1,onFinish:async({reason:t})=>{if(e){o([]);try{let{revokeUserCoupon:a}=await s.mutateAsync({id:e.id,reason:t.trim()});if(a.userCoupon&&a.userErrors.length===0){n(a.userCoupon),c();return}let l=b(a.userErrors,[`reason`]);i.setFields(l.fields),o(l.general.length||l.fields.length?l.general:[r(`revoke.failed`)])}catch(e){o([C(e)])}}},children:(0,Z.jsx)(F.Item,{name:`reason`,label:r(`revoke.reason`),rules:[{required:!0,whitespace:!0,message:r(`revoke.reasonRequired`)}],children:(0,Z.jsx)(l.TextArea,{rows:3,maxLength:re,showCount:!0,autoFocus:!0})})})]})}var ae=20,oe=new Set([`UNUSED`,`LOCKED`]);function $(e){return[{title:e(`coupons.columns.coupon`),key:`coupon`,width:240,ellipsis:{showTitle:!1},render:(e,t)=>(0,Z.jsx)(a,{to:`/coupons/${encodeURIComponent(t.coupon.id)}`,title:t.coupon.name,"data-testid":`user-coupon-link`,"data-i18n-data":!0,children:t.coupon.name})},{title:e(`coupons.columns.status`),dataIndex:`status`,width:110,render:e=>(0,Z.jsx)(Q,{status:e})},{title:e(`coupons.columns.channel`),dataIndex:`channel`,width:110,render:t=>(0,Z.jsx)(s,{children:e(`channel.${t}`,{defaultValue:t})})},{title:e(`coupons.columns.discount`),key:`discount`,width:200,ellipsis:!0,render:(e,t)=>M(t.discount,t.coupon.currency)},{title:e(`coupons.columns.validFrom`),dataIndex:`validFrom`,width:160,render:e=>N(e)},{title:e(`coupons.columns.validUntil`),dataIndex:`validUntil`,width:160,render:e=>N(e)},{title:e(`coupons.columns.issued`),dataIndex:`issuedAt`,width:160,render:e=>N(e)},{title:e(`coupons.columns.order`),dataIndex:`orderId`,width:160,ellipsis:!0,render:e=>e?(0,Z.jsx)(O.Text,{copyable:!0,"data-testid":`user-coupon-order`,"data-i18n-data":!0,children:e}):(0,Z.jsx)(O.Text,{type:`secondary`,children:`—`})},{title:e(`coupons.columns.usedAt`),dataIndex:`usedAt`,width:160,render:e=>e?N(e):(0,Z.jsx)(O.Text,{type:`secondary`,children:`—`})},{title:e(`coupons.columns.discountApplied`),dataIndex:`discountApplied`,align:`right`,width:140,render:(e,t)=>e!=null&&e!==``?(0,Z.jsx)(`span`,{"data-testid":`user-coupon-discount-applied`,children:k(e,t.coupon.currency)}):(0,Z.jsx)(O.Text,{type:`secondary`,children:`—`})}]}function se({userId:e,status:t,onStatusChange:n}){let{t:r}=x([`users`,`coupons`,`common`]),i=y(),{message:a}=u.useApp(),o=c(`SUPPORT`),[s,l]=(0,z.useState)(null),d=A({queryKey:[...J(e),t],initialPageParam:null,queryFn:async({pageParam:n})=>(await j(G,{userId:e,status:t.length?t:null,first:ae,after:n})).userCoupons,getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null,placeholderData:m}),h=d.data?.pages.flatMap(e=>e.edges.map(e=>e.node))??[],_=o?[...$(r),{title:``,key:`actions`,align:`right`,fixed:`right`,width:100,render:(e,t)=>oe.has(t.status)?(0,Z.jsx)(g,{size:`small`,danger:!0,onClick:()=>l({id:t.id,couponName:t.coupon.name,status:t.status}),"data-testid":`revoke-${t.id}`,children:r(`coupons.revoke`)}):null}]:$(r),v=t=>{i.setQueriesData({queryKey:J(e)},e=>e&&{...e,pages:e.pages.map(e=>({...e,edges:e.edges.map(e=>e.node.id===t.id?{...e,node:{...e.node,status:t.status}}:e)}))}),i.invalidateQueries({queryKey:J(e)}),a.success(r(`coupons.revoked`))},b=d.data?.pages[0]?.totalCount;return(0,Z.jsxs)(Z.Fragment,{children:[(0,Z.jsx)(f,{style:{marginBottom:12},wrap:!0,children:(0,Z.jsx)(E,{mode:`multiple`,allowClear:!0,placeholder:r(`coupons.anyStatus`),style:{minWidth:260},value:t,options:B.map(e=>({value:e,label:r(`status.${e}`)})),onChange:n,"data-testid":`user-coupons-status`})}),d.isError&&(0,Z.jsx)(p,{type:`error`,showIcon:!0,title:C(d.error),style:{marginBottom:12},action:(0,Z.jsx)(g,{size:`small`,onClick:()=>d.refetch(),children:r(`common:actions.retry`)}),"data-testid":`user-coupons-error`}),(0,Z.jsx)(ee,{rowKey:`id`,columns:_,dataSource:h,loading:d.isPending&&!d.isError||d.isPlaceholderData,pagination:!1,size:`middle`,tableLayout:`fixed`,scroll:{x:`max-content`},locale:{emptyText:d.isError?r(`coupons.loadError`):t.length?r(`coupons.emptyFiltered`):r(`coupons.empty`)},"data-testid":`user-coupons-table`,footer:()=>(0,Z.jsxs)(f,{style:{width:`100%`,justifyContent:`space-between`},children:[(0,Z.jsx)(O.Text,{type:`secondary`,"data-testid":`user-coupons-total`,children:b==null?``:r(`coupons.showing`,{shown:D(h.length),total:D(b)})}),d.hasNextPage&&(0,Z.jsx)(g,{onClick:()=>d.fetchNextPage(),loading:d.isFetchingNextPage,"data-testid":`user-coupons-more`,children:r(`coupons.loadMore`)})]})}),(0,Z.jsx)(ie,{target:s,onClose:()=>l(null),onRevoked:e=>v(e)})]})}function ce({userId:e}){let{t}=x([`users`,`common`]),n=y(),r=c(`OPERATOR`,`SUPPORT`),i=Y(e),a=L(r),[o,l]=(0,z.useState)(null),[u,d]=(0,z.useState)(null),m=P({mutationFn:t=>j(te,{userId:e,...t}),onMutate:e=>{l(null),d(e.add?.[0]??e.remove?.[0]??null)},onSuccess:({setUserTags:t})=>{t.userErrors.length?(l(t.userErrors.map(_).join(` `)),n.invalidateQueries({queryKey:q(e)})):(n.setQueryData(q(e),t.tags),n.invalidateQueries({queryKey:R}))},onError:e=>l(C(e)),onSettled:()=>d(null)});if(i.isPending)return(0,Z.jsx)(h,{size:`small`});if(i.isError)return(0,Z.jsx)(p,{type:`error`,showIcon:!0,title:C(i.error),action:(0,Z.jsx)(g,{size:`small`,onClick:()=>i.refetch(),children:t(`common:actions.retry`)}),"data-testid":`user-tags-error`});let v=i.data,b=(a.data??[]).filter(e=>!v.includes(e.name)).map(e=>({value:e.name,label:e.name,title:e.name,description:e.description}));return(0,Z.jsxs)(f,{orientation:`vertical`,style:{width:`100%`},children:[(0,Z.jsxs)(`div`,{"data-testid":`user-tags`,children:[v.length===0&&(0,Z.jsx)(O.Text,{type:`secondary`,"data-testid":`user-tags-empty`,children:t(`tags.none`)}),v.map(e=>(0,Z.jsx)(s,{closable:r&&!m.isPending,onClose:t=>{t.preventDefault(),m.mutate({remove:[e]})},style:{marginBottom:4,opacity:u===e?.5:1},"data-testid":`user-tag-${e}`,"data-i18n-data":!0,children:e},e))]}),r&&(0,Z.jsx)(E,{showSearch:!0,value:null,placeholder:a.isError?t(`tags.loadFailed`):t(`tags.add`),style:{width:280},options:b,loading:a.isPending||m.isPending,disabled:m.isPending||a.isError,notFoundContent:a.isPending?(0,Z.jsx)(h,{size:`small`}):t(`tags.noOther`),optionRender:e=>(0,Z.jsxs)(`span`,{children:[e.data.label,e.data.description?(0,Z.jsx)(O.Text,{type:`secondary`,style:{marginLeft:8},"data-i18n-data":!0,children:e.data.description}):null]}),filterOption:(e,t)=>String(t?.value??``).toLowerCase().includes(e.toLowerCase()),onChange:e=>e&&m.mutate({add:[e]}),"data-testid":`add-user-tag`}),o&&(0,Z.jsx)(p,{type:`error`,showIcon:!0,title:o,closable:{onClose:()=>l(null)},"data-testid":`user-tags-change-error`})]})}function le(){let{t:e}=x(`users`),{userId:t=``}=r(),n=o(),[a,s]=i(),[c,u]=(0,z.useState)(t);(0,z.useEffect)(()=>u(t),[t]);let m=H(a.get(`status`)),h=X(t),g=Y(t),_=h===!1&&!(g.data?.length??0);return(0,Z.jsxs)(Z.Fragment,{children:[(0,Z.jsxs)(f,{style:{width:`100%`,justifyContent:`space-between`,marginBottom:16},wrap:!0,children:[(0,Z.jsx)(O.Title,{level:3,style:{margin:0},children:t?(0,Z.jsxs)(Z.Fragment,{children:[e(`page.user`),` `,(0,Z.jsx)(`span`,{"data-testid":`user-id`,"data-i18n-data":!0,children:t})]}):e(`page.title`)}),(0,Z.jsx)(l.Search,{allowClear:!0,enterButton:e(`page.lookUp`),placeholder:e(`page.placeholder`),style:{width:360},value:c,onChange:e=>u(e.target.value),onSearch:e=>{let t=e.trim();n(t?U(t):`/users`)},"data-testid":`user-search`})]}),t?(0,Z.jsxs)(`div`,{style:{minWidth:0},children:[_&&(0,Z.jsx)(p,{type:`warning`,showIcon:!0,style:{marginBottom:16},"data-testid":`user-not-found`,title:e(`page.notFound`),description:(0,Z.jsx)(d,{t:e,i18nKey:`page.notFoundText`,values:{id:t},components:{code:(0,Z.jsx)(O.Text,{code:!0})}})}),(0,Z.jsx)(w,{title:e(`page.tags`),size:`small`,style:{marginBottom:16},children:(0,Z.jsx)(ce,{userId:t},t)}),!_&&(0,Z.jsx)(w,{title:e(`page.coupons`),size:`small`,children:(0,Z.jsx)(se,{userId:t,status:m,onStatusChange:e=>{let t=new URLSearchParams(a);e.length?t.set(`status`,e.join(`,`)):t.delete(`status`),s(t,{replace:!0})}},t)})]}):(0,Z.jsx)(w,{children:(0,Z.jsx)(T,{image:T.PRESENTED_IMAGE_SIMPLE,description:e(`page.empty`),"data-testid":`users-empty`})})]})}export{le as default};