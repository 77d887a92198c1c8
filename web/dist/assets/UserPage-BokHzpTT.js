import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t,t as n}from"./jsx-runtime-C3cWAN_r.js";import{M as r,N as i,P as a,a as o,j as s,l as c,r as l,s as u,u as d}from"./index-ojnawWD_.js";import{Ii as f,T as p,Ti as m,a as h,c as g,i as _,n as v,ni as y,o as b,r as x,t as S,yn as C}from"./errors-BwmVEmbT.js";import{t as w}from"./card-CfbBEZp4.js";import{a as T,f as E}from"./FileOutlined-CN2pKGu0.js";import{t as D}from"./useInfiniteQuery-CyLwA5CZ.js";import{t as O}from"./table-JonLdcKb.js";import{r as k}from"./client-DJS7f3rN.js";import{a as A,o as j,s as M}from"./format-CL_hYonn.js";import{t as N}from"./useMutation-C9W1SFVM.js";import{t as P}from"./modal-BA5b77OD.js";import{n as F,t as ee}from"./hooks-Bcglywew.js";var I=e(t(),1),L=[`UNUSED`,`LOCKED`,`USED`,`EXPIRED`,`REVOKED`],R={UNUSED:`green`,LOCKED:`gold`,USED:`blue`,EXPIRED:`default`,REVOKED:`red`};function z(e){return(e??``).split(`,`).filter(e=>L.includes(e))}function B(e){return`/users/${encodeURIComponent(e)}`}var V=_(`
  query UserTags($userId: ID!) {
    userTags(userId: $userId)
  }
`),H=_(`
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
`),U=_(`
  query UserKnown($userId: ID!) {
    userTags(userId: $userId)
    userCoupons(userId: $userId, first: 1) {
      totalCount
    }
  }
`),W=e=>[`userTags`,e],G=e=>[`userCoupons`,e];function K(e){return y({queryKey:W(e),queryFn:async()=>(await k(V,{userId:e})).userTags,enabled:e!==``})}function q(e){let t=y({queryKey:[`userKnown`,e],queryFn:async()=>{let t=await k(U,{userId:e});return t.userTags.length>0||t.userCoupons.totalCount>0},enabled:e!==``});return t.isSuccess?t.data:void 0}var J=n();function Y({status:e}){return(0,J.jsx)(o,{color:R[e]??`default`,"data-testid":`user-coupon-status`,children:e})}var X=_(`
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
`),Z=_(`
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
`),Q=500;function te({target:e,onClose:t,onRevoked:n}){let[r]=c.useForm(),[i,a]=(0,I.useState)([]),o=N({mutationFn:e=>k(Z,e)}),s=()=>{a([]),t()};return(0,J.jsxs)(P,{title:`Revoke coupon`,open:e!=null,onCancel:s,onOk:()=>r.submit(),okText:`Revoke`,okButtonProps:{danger:!0,loading:o.isPending,"data-testid":`revoke-submit`},destroyOnHidden:!0,children:[e&&(0,J.jsxs)(h.Paragraph,{children:[`The user can no longer use `,(0,J.jsx)(h.Text,{strong:!0,children:e.couponName}),e.status===`LOCKED`?`, which is locked by an unpaid order`:``,`. This cannot be undone.`]}),i.length>0&&(0,J.jsx)(C,{type:`error`,showIcon:!0,style:{marginBottom:16},title:i.join(` `),"data-testid":`revoke-errors`}),(0,J.jsx)(c,{form:r,name:`revoke`,layout:`vertical`,preserve:!1,onFinish:async({reason:t})=>{if(e){a([]);try{let{revokeUserCoupon:i}=await o.mutateAsync({id:e.id,reason:t.trim()});if(i.userCoupon&&i.userErrors.length===0){n(i.userCoupon),s();return}let c=v(i.userErrors,[`reason`]);r.setFields(c.fields),a(c.general.length||c.fields.length?c.general:[`The coupon was not revoked.`])}catch(e){a([S(e)])}}},children:(0,J.jsx)(c.Item,{name:`reason`,label:`Reason`,rules:[{required:!0,whitespace:!0,message:`Give a reason; it goes into the audit log`}],children:(0,J.jsx)(u.TextArea,{rows:3,maxLength:Q,showCount:!0,autoFocus:!0})})})]})}var ne=20,re=new Set([`UNUSED`,`LOCKED`]),$=[{title:`Coupon`,key:`coupon`,width:240,ellipsis:{showTitle:!1},render:(e,t)=>(0,J.jsx)(s,{to:`/coupons/${encodeURIComponent(t.coupon.id)}`,title:t.coupon.name,"data-testid":`user-coupon-link`,children:t.coupon.name})},{title:`Status`,dataIndex:`status`,width:110,render:e=>(0,J.jsx)(Y,{status:e})},{title:`Channel`,dataIndex:`channel`,width:110,render:e=>(0,J.jsx)(o,{children:e})},{title:`Discount`,key:`discount`,width:200,ellipsis:!0,render:(e,t)=>A(t.discount,t.coupon.currency)},{title:`Valid from`,dataIndex:`validFrom`,width:160,render:e=>M(e)},{title:`Valid until`,dataIndex:`validUntil`,width:160,render:e=>M(e)},{title:`Issued`,dataIndex:`issuedAt`,width:160,render:e=>M(e)},{title:`Order`,dataIndex:`orderId`,width:160,ellipsis:!0,render:e=>e?(0,J.jsx)(h.Text,{copyable:!0,"data-testid":`user-coupon-order`,children:e}):(0,J.jsx)(h.Text,{type:`secondary`,children:`—`})},{title:`Used at`,dataIndex:`usedAt`,width:160,render:e=>e?M(e):(0,J.jsx)(h.Text,{type:`secondary`,children:`—`})},{title:`Discount applied`,dataIndex:`discountApplied`,align:`right`,width:140,render:(e,t)=>e!=null&&e!==``?(0,J.jsx)(`span`,{"data-testid":`user-coupon-discount-applied`,children:j(e,t.coupon.currency)}):(0,J.jsx)(h.Text,{type:`secondary`,children:`—`})}];function ie({userId:e,status:t,onStatusChange:n}){let r=f(),{message:i}=d.useApp(),a=l(`SUPPORT`),[o,s]=(0,I.useState)(null),c=D({queryKey:[...G(e),t],initialPageParam:null,queryFn:async({pageParam:n})=>(await k(H,{userId:e,status:t.length?t:null,first:ne,after:n})).userCoupons,getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null,placeholderData:m}),u=c.data?.pages.flatMap(e=>e.edges.map(e=>e.node))??[],_=a?[...$,{title:``,key:`actions`,align:`right`,fixed:`right`,width:100,render:(e,t)=>re.has(t.status)?(0,J.jsx)(p,{size:`small`,danger:!0,onClick:()=>s({id:t.id,couponName:t.coupon.name,status:t.status}),"data-testid":`revoke-${t.id}`,children:`Revoke`}):null}]:$,v=t=>{r.setQueriesData({queryKey:G(e)},e=>e&&{...e,pages:e.pages.map(e=>({...e,edges:e.edges.map(e=>e.node.id===t.id?{...e,node:{...e.node,status:t.status}}:e)}))}),r.invalidateQueries({queryKey:G(e)}),i.success(`Coupon revoked`)},y=c.data?.pages[0]?.totalCount;return(0,J.jsxs)(J.Fragment,{children:[(0,J.jsx)(g,{style:{marginBottom:12},wrap:!0,children:(0,J.jsx)(T,{mode:`multiple`,allowClear:!0,placeholder:`Any status`,style:{minWidth:260},value:t,options:L.map(e=>({value:e,label:e})),onChange:n,"data-testid":`user-coupons-status`})}),c.isError&&(0,J.jsx)(C,{type:`error`,showIcon:!0,title:S(c.error),style:{marginBottom:12},action:(0,J.jsx)(p,{size:`small`,onClick:()=>c.refetch(),children:`Retry`}),"data-testid":`user-coupons-error`}),(0,J.jsx)(O,{rowKey:`id`,columns:_,dataSource:u,loading:c.isPending&&!c.isError||c.isPlaceholderData,pagination:!1,size:`middle`,tableLayout:`fixed`,scroll:{x:`max-content`},locale:{emptyText:c.isError?`Could not load the coupons.`:t.length?`This user holds no coupons with these statuses.`:`This user holds no coupons.`},"data-testid":`user-coupons-table`,footer:()=>(0,J.jsxs)(g,{style:{width:`100%`,justifyContent:`space-between`},children:[(0,J.jsx)(h.Text,{type:`secondary`,"data-testid":`user-coupons-total`,children:y==null?``:`Showing ${u.length} of ${y}`}),c.hasNextPage&&(0,J.jsx)(p,{onClick:()=>c.fetchNextPage(),loading:c.isFetchingNextPage,"data-testid":`user-coupons-more`,children:`Load more`})]})}),(0,J.jsx)(te,{target:o,onClose:()=>s(null),onRevoked:e=>v(e)})]})}function ae({userId:e}){let t=f(),n=l(`OPERATOR`,`SUPPORT`),r=K(e),i=F(n),[a,s]=(0,I.useState)(null),[c,u]=(0,I.useState)(null),d=N({mutationFn:t=>k(X,{userId:e,...t}),onMutate:e=>{s(null),u(e.add?.[0]??e.remove?.[0]??null)},onSuccess:({setUserTags:n})=>{n.userErrors.length?(s(n.userErrors.map(x).join(` `)),t.invalidateQueries({queryKey:W(e)})):(t.setQueryData(W(e),n.tags),t.invalidateQueries({queryKey:ee}))},onError:e=>s(S(e)),onSettled:()=>u(null)});if(r.isPending)return(0,J.jsx)(b,{size:`small`});if(r.isError)return(0,J.jsx)(C,{type:`error`,showIcon:!0,title:S(r.error),action:(0,J.jsx)(p,{size:`small`,onClick:()=>r.refetch(),children:`Retry`}),"data-testid":`user-tags-error`});let m=r.data,_=(i.data??[]).filter(e=>!m.includes(e.name)).map(e=>({value:e.name,label:e.name,title:e.name,description:e.description}));return(0,J.jsxs)(g,{orientation:`vertical`,style:{width:`100%`},children:[(0,J.jsxs)(`div`,{"data-testid":`user-tags`,children:[m.length===0&&(0,J.jsx)(h.Text,{type:`secondary`,"data-testid":`user-tags-empty`,children:`No tags.`}),m.map(e=>(0,J.jsx)(o,{closable:n&&!d.isPending,onClose:t=>{t.preventDefault(),d.mutate({remove:[e]})},style:{marginBottom:4,opacity:c===e?.5:1},"data-testid":`user-tag-${e}`,children:e},e))]}),n&&(0,J.jsx)(T,{showSearch:!0,value:null,placeholder:i.isError?`Tags could not be loaded`:`Add a tag…`,style:{width:280},options:_,loading:i.isPending||d.isPending,disabled:d.isPending||i.isError,notFoundContent:i.isPending?(0,J.jsx)(b,{size:`small`}):`No other tags`,optionRender:e=>(0,J.jsxs)(`span`,{children:[e.data.label,e.data.description?(0,J.jsx)(h.Text,{type:`secondary`,style:{marginLeft:8},children:e.data.description}):null]}),filterOption:(e,t)=>String(t?.value??``).toLowerCase().includes(e.toLowerCase()),onChange:e=>e&&d.mutate({add:[e]}),"data-testid":`add-user-tag`}),a&&(0,J.jsx)(C,{type:`error`,showIcon:!0,title:a,closable:{onClose:()=>s(null)},"data-testid":`user-tags-change-error`})]})}function oe(){let{userId:e=``}=i(),t=r(),[n,o]=a(),[s,c]=(0,I.useState)(e);(0,I.useEffect)(()=>c(e),[e]);let l=z(n.get(`status`)),d=q(e),f=K(e),p=d===!1&&!(f.data?.length??0);return(0,J.jsxs)(J.Fragment,{children:[(0,J.jsxs)(g,{style:{width:`100%`,justifyContent:`space-between`,marginBottom:16},wrap:!0,children:[(0,J.jsx)(h.Title,{level:3,style:{margin:0},children:e?(0,J.jsxs)(J.Fragment,{children:[`User `,(0,J.jsx)(`span`,{"data-testid":`user-id`,children:e})]}):`Users`}),(0,J.jsx)(u.Search,{allowClear:!0,enterButton:`Look up`,placeholder:`User id`,style:{width:360},value:s,onChange:e=>c(e.target.value),onSearch:e=>{let n=e.trim();t(n?B(n):`/users`)},"data-testid":`user-search`})]}),e?(0,J.jsxs)(`div`,{style:{minWidth:0},children:[p&&(0,J.jsx)(C,{type:`warning`,showIcon:!0,style:{marginBottom:16},"data-testid":`user-not-found`,title:`User not found`,description:(0,J.jsxs)(J.Fragment,{children:[`No user `,(0,J.jsx)(h.Text,{code:!0,children:e}),` is known here: they hold no coupons and have no tags. Check the id; you can still give it a tag below.`]})}),(0,J.jsx)(w,{title:`Tags`,size:`small`,style:{marginBottom:16},children:(0,J.jsx)(ae,{userId:e},e)}),!p&&(0,J.jsx)(w,{title:`Coupons`,size:`small`,children:(0,J.jsx)(ie,{userId:e,status:l,onStatusChange:e=>{let t=new URLSearchParams(n);e.length?t.set(`status`,e.join(`,`)):t.delete(`status`),o(t,{replace:!0})}},e)})]}):(0,J.jsx)(w,{children:(0,J.jsx)(E,{image:E.PRESENTED_IMAGE_SIMPLE,description:`Enter a user id to see the user's tags and the coupons they hold.`,"data-testid":`users-empty`})})]})}export{oe as default};