import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t,t as n}from"./jsx-runtime-C3cWAN_r.js";import{F as r,I as i,N as a,P as o,i as s,n as c,o as l,u}from"./index-3Iho72mY.js";import{t as d}from"./Trans-DDXL1m6s.js";import{An as f,Ei as p,S as m,V as h,Yi as g,i as _,n as v,oa as y,r as b,t as x,u as S,w as C}from"./errors-5hNBNFkk.js";import{t as w}from"./card-B13oitWD.js";import{g as T,l as E}from"./FileOutlined-BYy4KBdx.js";import{a as D,i as O,r as k}from"./format-DcD1hxPi.js";import{t as A}from"./useInfiniteQuery-C9Z_6t0Q.js";import{t as j}from"./table-1ACvsSW9.js";import{r as M}from"./client-DJS7f3rN.js";import{a as N,o as P}from"./format-r7pOCGOs.js";import{t as F}from"./useMutation-3dZT2ar1.js";import{t as I}from"./form-DBeIo_kM.js";import{t as L}from"./modal-CmoyeOSF.js";import{n as ee,t as te}from"./hooks-CcEeqg33.js";var R=e(t(),1),z=[`UNUSED`,`LOCKED`,`USED`,`EXPIRED`,`REVOKED`],B={UNUSED:`green`,LOCKED:`gold`,USED:`blue`,EXPIRED:`default`,REVOKED:`red`};function V(e){return(e??``).split(`,`).filter(e=>z.includes(e))}function H(e){return`/users/${encodeURIComponent(e)}`}var U=_(`
  query UserTags($userId: ID!) {
    userTags(userId: $userId)
  }
`),W=_(`
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
`),G=_(`
  query UserKnown($userId: ID!) {
    userTags(userId: $userId)
    userCoupons(userId: $userId, first: 1) {
      totalCount
    }
  }
`),K=e=>[`userTags`,e],q=e=>[`userCoupons`,e];function J(e){return p({queryKey:K(e),queryFn:async()=>(await M(U,{userId:e})).userTags,enabled:e!==``})}function Y(e){let t=p({queryKey:[`userKnown`,e],queryFn:async()=>{let t=await M(G,{userId:e});return t.userTags.length>0||t.userCoupons.totalCount>0},enabled:e!==``});return t.isSuccess?t.data:void 0}var X=n();function Z({status:e}){let{t}=S(`users`);return(0,X.jsx)(s,{color:B[e]??`default`,"data-testid":`user-coupon-status`,children:t(`status.${e}`,{defaultValue:e})})}var ne=_(`
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
`),Q=_(`
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
`),re=500;function ie({target:e,onClose:t,onRevoked:n}){let{t:r}=S(`users`),[i]=I.useForm(),[a,o]=(0,R.useState)([]),s=F({mutationFn:e=>M(Q,e)}),c=()=>{o([]),t()};return(0,X.jsxs)(L,{title:r(`revoke.title`),open:e!=null,onCancel:c,onOk:()=>i.submit(),okText:r(`revoke.ok`),okButtonProps:{danger:!0,loading:s.isPending,"data-testid":`revoke-submit`},destroyOnHidden:!0,children:[e&&(0,X.jsx)(D.Paragraph,{children:(0,X.jsx)(d,{t:r,i18nKey:e.status===`LOCKED`?`revoke.textLocked`:`revoke.text`,values:{name:e.couponName},components:{b:(0,X.jsx)(D.Text,{strong:!0})}})}),a.length>0&&(0,X.jsx)(f,{type:`error`,showIcon:!0,style:{marginBottom:16},title:a.join(` `),"data-testid":`revoke-errors`}),(0,X.jsx)(I,{form:i,name:`revoke`,layout:`vertical`,preserve:!1,onFinish:async({reason:t})=>{if(e){o([]);try{let{revokeUserCoupon:a}=await s.mutateAsync({id:e.id,reason:t.trim()});if(a.userCoupon&&a.userErrors.length===0){n(a.userCoupon),c();return}let l=v(a.userErrors,[`reason`]);i.setFields(l.fields),o(l.general.length||l.fields.length?l.general:[r(`revoke.failed`)])}catch(e){o([x(e)])}}},children:(0,X.jsx)(I.Item,{name:`reason`,label:r(`revoke.reason`),rules:[{required:!0,whitespace:!0,message:r(`revoke.reasonRequired`)}],children:(0,X.jsx)(l.TextArea,{rows:3,maxLength:re,showCount:!0,autoFocus:!0})})})]})}var ae=20,oe=new Set([`UNUSED`,`LOCKED`]);function $(e){return[{title:e(`coupons.columns.coupon`),key:`coupon`,width:240,ellipsis:{showTitle:!1},render:(e,t)=>(0,X.jsx)(a,{to:`/coupons/${encodeURIComponent(t.coupon.id)}`,title:t.coupon.name,"data-testid":`user-coupon-link`,"data-i18n-data":!0,children:t.coupon.name})},{title:e(`coupons.columns.status`),dataIndex:`status`,width:110,render:e=>(0,X.jsx)(Z,{status:e})},{title:e(`coupons.columns.channel`),dataIndex:`channel`,width:110,render:t=>(0,X.jsx)(s,{children:e(`channel.${t}`,{defaultValue:t})})},{title:e(`coupons.columns.discount`),key:`discount`,width:200,ellipsis:!0,render:(e,t)=>N(t.discount,t.coupon.currency)},{title:e(`coupons.columns.validFrom`),dataIndex:`validFrom`,width:160,render:e=>P(e)},{title:e(`coupons.columns.validUntil`),dataIndex:`validUntil`,width:160,render:e=>P(e)},{title:e(`coupons.columns.issued`),dataIndex:`issuedAt`,width:160,render:e=>P(e)},{title:e(`coupons.columns.order`),dataIndex:`orderId`,width:160,ellipsis:!0,render:e=>e?(0,X.jsx)(D.Text,{copyable:!0,"data-testid":`user-coupon-order`,"data-i18n-data":!0,children:e}):(0,X.jsx)(D.Text,{type:`secondary`,children:`—`})},{title:e(`coupons.columns.usedAt`),dataIndex:`usedAt`,width:160,render:e=>e?P(e):(0,X.jsx)(D.Text,{type:`secondary`,children:`—`})},{title:e(`coupons.columns.discountApplied`),dataIndex:`discountApplied`,align:`right`,width:140,render:(e,t)=>e!=null&&e!==``?(0,X.jsx)(`span`,{"data-testid":`user-coupon-discount-applied`,children:k(e,t.coupon.currency)}):(0,X.jsx)(D.Text,{type:`secondary`,children:`—`})}]}function se({userId:e,status:t,onStatusChange:n}){let{t:r}=S([`users`,`coupons`,`common`]),i=y(),{message:a}=u.useApp(),o=c(`SUPPORT`),[s,l]=(0,R.useState)(null),d=A({queryKey:[...q(e),t],initialPageParam:null,queryFn:async({pageParam:n})=>(await M(W,{userId:e,status:t.length?t:null,first:ae,after:n})).userCoupons,getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null,placeholderData:g}),p=d.data?.pages.flatMap(e=>e.edges.map(e=>e.node))??[],m=o?[...$(r),{title:``,key:`actions`,align:`right`,fixed:`right`,width:100,render:(e,t)=>oe.has(t.status)?(0,X.jsx)(h,{size:`small`,danger:!0,onClick:()=>l({id:t.id,couponName:t.coupon.name,status:t.status}),"data-testid":`revoke-${t.id}`,children:r(`coupons.revoke`)}):null}]:$(r),_=t=>{i.setQueriesData({queryKey:q(e)},e=>e&&{...e,pages:e.pages.map(e=>({...e,edges:e.edges.map(e=>e.node.id===t.id?{...e,node:{...e.node,status:t.status}}:e)}))}),i.invalidateQueries({queryKey:q(e)}),a.success(r(`coupons.revoked`))},v=d.data?.pages[0]?.totalCount;return(0,X.jsxs)(X.Fragment,{children:[(0,X.jsx)(C,{style:{marginBottom:12},wrap:!0,children:(0,X.jsx)(E,{mode:`multiple`,allowClear:!0,placeholder:r(`coupons.anyStatus`),style:{minWidth:260},value:t,options:z.map(e=>({value:e,label:r(`status.${e}`)})),onChange:n,"data-testid":`user-coupons-status`})}),d.isError&&(0,X.jsx)(f,{type:`error`,showIcon:!0,title:x(d.error),style:{marginBottom:12},action:(0,X.jsx)(h,{size:`small`,onClick:()=>d.refetch(),children:r(`common:actions.retry`)}),"data-testid":`user-coupons-error`}),(0,X.jsx)(j,{rowKey:`id`,columns:m,dataSource:p,loading:d.isPending&&!d.isError||d.isPlaceholderData,pagination:!1,size:`middle`,tableLayout:`fixed`,scroll:{x:`max-content`},locale:{emptyText:d.isError?r(`coupons.loadError`):t.length?r(`coupons.emptyFiltered`):r(`coupons.empty`)},"data-testid":`user-coupons-table`,footer:()=>(0,X.jsxs)(C,{style:{width:`100%`,justifyContent:`space-between`},children:[(0,X.jsx)(D.Text,{type:`secondary`,"data-testid":`user-coupons-total`,children:v==null?``:r(`coupons.showing`,{shown:O(p.length),total:O(v)})}),d.hasNextPage&&(0,X.jsx)(h,{onClick:()=>d.fetchNextPage(),loading:d.isFetchingNextPage,"data-testid":`user-coupons-more`,children:r(`coupons.loadMore`)})]})}),(0,X.jsx)(ie,{target:s,onClose:()=>l(null),onRevoked:e=>_(e)})]})}function ce({userId:e}){let{t}=S([`users`,`common`]),n=y(),r=c(`OPERATOR`,`SUPPORT`),i=J(e),a=ee(r),[o,l]=(0,R.useState)(null),[u,d]=(0,R.useState)(null),p=F({mutationFn:t=>M(ne,{userId:e,...t}),onMutate:e=>{l(null),d(e.add?.[0]??e.remove?.[0]??null)},onSuccess:({setUserTags:t})=>{t.userErrors.length?(l(t.userErrors.map(b).join(` `)),n.invalidateQueries({queryKey:K(e)})):(n.setQueryData(K(e),t.tags),n.invalidateQueries({queryKey:te}))},onError:e=>l(x(e)),onSettled:()=>d(null)});if(i.isPending)return(0,X.jsx)(m,{size:`small`});if(i.isError)return(0,X.jsx)(f,{type:`error`,showIcon:!0,title:x(i.error),action:(0,X.jsx)(h,{size:`small`,onClick:()=>i.refetch(),children:t(`common:actions.retry`)}),"data-testid":`user-tags-error`});let g=i.data,_=(a.data??[]).filter(e=>!g.includes(e.name)).map(e=>({value:e.name,label:e.name,title:e.name,description:e.description}));return(0,X.jsxs)(C,{orientation:`vertical`,style:{width:`100%`},children:[(0,X.jsxs)(`div`,{"data-testid":`user-tags`,children:[g.length===0&&(0,X.jsx)(D.Text,{type:`secondary`,"data-testid":`user-tags-empty`,children:t(`tags.none`)}),g.map(e=>(0,X.jsx)(s,{closable:r&&!p.isPending,onClose:t=>{t.preventDefault(),p.mutate({remove:[e]})},style:{marginBottom:4,opacity:u===e?.5:1},"data-testid":`user-tag-${e}`,"data-i18n-data":!0,children:e},e))]}),r&&(0,X.jsx)(E,{showSearch:!0,value:null,placeholder:a.isError?t(`tags.loadFailed`):t(`tags.add`),style:{width:280},options:_,loading:a.isPending||p.isPending,disabled:p.isPending||a.isError,notFoundContent:a.isPending?(0,X.jsx)(m,{size:`small`}):t(`tags.noOther`),optionRender:e=>(0,X.jsxs)(`span`,{children:[e.data.label,e.data.description?(0,X.jsx)(D.Text,{type:`secondary`,style:{marginLeft:8},"data-i18n-data":!0,children:e.data.description}):null]}),filterOption:(e,t)=>String(t?.value??``).toLowerCase().includes(e.toLowerCase()),onChange:e=>e&&p.mutate({add:[e]}),"data-testid":`add-user-tag`}),o&&(0,X.jsx)(f,{type:`error`,showIcon:!0,title:o,closable:{onClose:()=>l(null)},"data-testid":`user-tags-change-error`})]})}function le(){let{t:e}=S(`users`),{userId:t=``}=r(),n=o(),[a,s]=i(),[c,u]=(0,R.useState)(t);(0,R.useEffect)(()=>u(t),[t]);let p=V(a.get(`status`)),m=Y(t),h=J(t),g=m===!1&&!(h.data?.length??0);return(0,X.jsxs)(X.Fragment,{children:[(0,X.jsxs)(C,{style:{width:`100%`,justifyContent:`space-between`,marginBottom:16},wrap:!0,children:[(0,X.jsx)(D.Title,{level:3,style:{margin:0},children:t?(0,X.jsxs)(X.Fragment,{children:[e(`page.user`),` `,(0,X.jsx)(`span`,{"data-testid":`user-id`,"data-i18n-data":!0,children:t})]}):e(`page.title`)}),(0,X.jsx)(l.Search,{allowClear:!0,enterButton:e(`page.lookUp`),placeholder:e(`page.placeholder`),style:{width:360},value:c,onChange:e=>u(e.target.value),onSearch:e=>{let t=e.trim();n(t?H(t):`/users`)},"data-testid":`user-search`})]}),t?(0,X.jsxs)(`div`,{style:{minWidth:0},children:[g&&(0,X.jsx)(f,{type:`warning`,showIcon:!0,style:{marginBottom:16},"data-testid":`user-not-found`,title:e(`page.notFound`),description:(0,X.jsx)(d,{t:e,i18nKey:`page.notFoundText`,values:{id:t},components:{code:(0,X.jsx)(D.Text,{code:!0})}})}),(0,X.jsx)(w,{title:e(`page.tags`),size:`small`,style:{marginBottom:16},children:(0,X.jsx)(ce,{userId:t},t)}),!g&&(0,X.jsx)(w,{title:e(`page.coupons`),size:`small`,children:(0,X.jsx)(se,{userId:t,status:p,onStatusChange:e=>{let t=new URLSearchParams(a);e.length?t.set(`status`,e.join(`,`)):t.delete(`status`),s(t,{replace:!0})}},t)})]}):(0,X.jsx)(w,{children:(0,X.jsx)(T,{image:T.PRESENTED_IMAGE_SIMPLE,description:e(`page.empty`),"data-testid":`users-empty`})})]})}export{le as default};