import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t}from"./jsx-runtime-C3cWAN_r.js";import{Ii as n,Ti as r,i,ni as a}from"./errors-BwmVEmbT.js";import{t as o}from"./useInfiniteQuery-CyLwA5CZ.js";import{n as s,r as c}from"./client-DJS7f3rN.js";import{u as l}from"./format-CrBC8UP2.js";function u(e){return e===null?`null`:Array.isArray(e)?`array`:typeof e}function d(e){return u(e)===`object`}function f(e){return Array.isArray(e)&&e.length>0&&e.every(e=>`message`in e)}function p(e,t){return e.length<124?e:t}var m=(e=>(e[e.InternalServerError=4500]=`InternalServerError`,e[e.InternalClientError=4005]=`InternalClientError`,e[e.BadRequest=4400]=`BadRequest`,e[e.BadResponse=4004]=`BadResponse`,e[e.Unauthorized=4401]=`Unauthorized`,e[e.Forbidden=4403]=`Forbidden`,e[e.SubprotocolNotAcceptable=4406]=`SubprotocolNotAcceptable`,e[e.ConnectionInitialisationTimeout=4408]=`ConnectionInitialisationTimeout`,e[e.ConnectionAcknowledgementTimeout=4504]=`ConnectionAcknowledgementTimeout`,e[e.SubscriberAlreadyExists=4409]=`SubscriberAlreadyExists`,e[e.TooManyInitialisationRequests=4429]=`TooManyInitialisationRequests`,e))(m||{}),h=(e=>(e.ConnectionInit=`connection_init`,e.ConnectionAck=`connection_ack`,e.Ping=`ping`,e.Pong=`pong`,e.Subscribe=`subscribe`,e.Next=`next`,e.Error=`error`,e.Complete=`complete`,e))(h||{});function g(e){if(!d(e))throw Error(`Message is expected to be an object, but got ${u(e)}`);if(!e.type)throw Error(`Message is missing the 'type' property`);if(typeof e.type!=`string`)throw Error(`Message is expects the 'type' property to be a string, but got ${u(e.type)}`);switch(e.type){case`connection_init`:case`connection_ack`:case`ping`:case`pong`:if(e.payload!=null&&!d(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break;case`subscribe`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${u(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!d(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${u(e.payload)}`);if(typeof e.payload.query!=`string`)throw Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${u(e.payload.query)}`);if(e.payload.variables!=null&&!d(e.payload.variables))throw Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${u(e.payload.variables)}`);if(e.payload.operationName!=null&&u(e.payload.operationName)!==`string`)throw Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${u(e.payload.operationName)}`);if(e.payload.extensions!=null&&!d(e.payload.extensions))throw Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${u(e.payload.extensions)}`);break;case`next`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${u(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!d(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${u(e.payload)}`);break;case`error`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${u(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!f(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break;case`complete`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${u(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);break;default:throw Error(`Invalid message 'type' property "${e.type}"`)}return e}function _(e,t){return g(typeof e==`string`?JSON.parse(e,t):e)}function v(e,t){return g(e),JSON.stringify(e,t)}function y(e){let{url:t,connectionParams:n,lazy:r=!0,onNonLazyError:i=console.error,lazyCloseTimeout:a=0,keepAlive:o=0,disablePong:s,connectionAckWaitTimeout:c=0,retryAttempts:l=5,retryWait:u=async function(e){let t=2**e;await new Promise(e=>setTimeout(e,t*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:d=x,on:f,webSocketImpl:g,generateID:y=function(){return`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.replace(/[xy]/g,e=>{let t=Math.random()*16|0;return(e==`x`?t:t&3|8).toString(16)})},jsonMessageReplacer:w,jsonMessageReviver:T}=e,E;if(g){if(!C(g))throw Error(`Invalid WebSocket implementation provided`);E=g}else typeof WebSocket<`u`?E=WebSocket:typeof global<`u`?E=global.WebSocket||global.MozWebSocket:typeof window<`u`&&(E=window.WebSocket||window.MozWebSocket);if(!E)throw Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let D=E,O=(()=>{let e=(()=>{let e={};return{on(t,n){return e[t]=n,()=>{delete e[t]}},emit(t){`id`in t&&e[t.id]?.(t)}}})(),t={connecting:f?.connecting?[f.connecting]:[],opened:f?.opened?[f.opened]:[],connected:f?.connected?[f.connected]:[],ping:f?.ping?[f.ping]:[],pong:f?.pong?[f.pong]:[],message:f?.message?[e.emit,f.message]:[e.emit],closed:f?.closed?[f.closed]:[],error:f?.error?[f.error]:[]};return{onMessage:e.on,on(e,n){let r=t[e];return r.push(n),()=>{let e=r.indexOf(n);e>-1&&r.splice(e,1)}},emit(e,...n){for(let r of[...t[e]])r(...n)}}})();function k(e){let t=[O.on(`error`,n=>{t.forEach(e=>e()),e(n)}),O.on(`closed`,n=>{t.forEach(e=>e()),e(n)})];return()=>t.forEach(e=>e())}let A,j=0,M,N=!1,P=0,F=!1;async function I(){clearTimeout(M);let[e,r]=await(A??=new Promise((e,r)=>(async()=>{if(N){if(await u(P),!j)return A=void 0,r({code:1e3,reason:`All Subscriptions Gone`});P++}O.emit(`connecting`,N);let i=new D(typeof t==`function`?await t():t,`graphql-transport-ws`),a,l;function d(){isFinite(o)&&o>0&&(clearTimeout(l),l=setTimeout(()=>{i.readyState===D.OPEN&&(i.send(v({type:h.Ping})),O.emit(`ping`,!1,void 0))},o))}k(e=>{A=void 0,clearTimeout(a),clearTimeout(l),r(e),e instanceof b&&(i.close(4499,`Terminated`),i.onerror=null,i.onclose=null)}),i.onerror=e=>O.emit(`error`,e),i.onclose=e=>O.emit(`closed`,e),i.onopen=async()=>{try{O.emit(`opened`,i);let e=typeof n==`function`?await n():n;if(i.readyState!==D.OPEN)return;i.send(v(e?{type:h.ConnectionInit,payload:e}:{type:h.ConnectionInit},w)),isFinite(c)&&c>0&&(a=setTimeout(()=>{i.close(m.ConnectionAcknowledgementTimeout,`Connection acknowledgement timeout`)},c)),d()}catch(e){O.emit(`error`,e),i.close(m.InternalClientError,p(e instanceof Error?e.message:String(e),`Internal client error`))}};let f=!1;i.onmessage=({data:t})=>{try{let n=_(t,T);if(O.emit(`message`,n),n.type===`ping`||n.type===`pong`){O.emit(n.type,!0,n.payload),n.type===`pong`?d():s||(i.send(v(n.payload?{type:h.Pong,payload:n.payload}:{type:h.Pong},w)),O.emit(`pong`,!1,n.payload));return}if(f)return;if(n.type!==h.ConnectionAck)throw Error(`First message cannot be of type ${n.type}`);clearTimeout(a),f=!0,O.emit(`connected`,i,n.payload,N),N=!1,P=0;let r=new Promise((e,t)=>k(t));r.catch(()=>{}),e([i,r])}catch(e){i.onmessage=null,O.emit(`error`,e),i.close(m.BadResponse,p(e instanceof Error?e.message:String(e),`Bad response`))}}})()));e.readyState===D.CLOSING&&await r;let i=()=>{},l=new Promise(e=>i=e);return[e,i,new Promise((t,n)=>{let i=k(n);e.readyState!==D.OPEN&&r.catch(n),l.then(()=>{if(i(),!j){let t=()=>e.close(1e3,`Normal Closure`);isFinite(a)&&a>0?(clearTimeout(M),M=setTimeout(()=>{!j&&e.readyState===D.OPEN&&t()},a)):t()}t()})})]}function L(e){if(x(e)&&(S(e.code)||[m.InternalServerError,m.InternalClientError,m.BadRequest,m.BadResponse,m.Unauthorized,m.SubprotocolNotAcceptable,m.SubscriberAlreadyExists,m.TooManyInitialisationRequests].includes(e.code)))throw e;if(F)return!1;if(x(e)&&e.code===1e3)return j>0;if(!l||P>=l||!d(e))throw e;return N=!0}r||(async()=>{for(j++;;)try{let[,,e]=await I();await e}catch(e){try{if(!L(e))return}catch(e){return i?.(e)}}})();function R(e,t){let n=y(e),r=!1,i=!1,a=()=>{j--,r=!0};return(async()=>{for(j++;;)try{let[o,s,c]=await I();if(r)return c.catch(()=>{}),s();let l=O.onMessage(n,e=>{switch(e.type){case h.Next:t.next(e.payload);return;case h.Error:i=!0,r=!0,t.error(e.payload),a();return;case h.Complete:r=!0,a();return}});o.send(v({id:n,type:h.Subscribe,payload:e},w)),a=()=>{!r&&o.readyState===D.OPEN&&o.send(v({id:n,type:h.Complete},w)),j--,r=!0,s()},await c.finally(l);return}catch(e){if(!L(e))return}})().then(()=>{i||t.complete()}).catch(e=>{t.error(e)}),()=>{r||a()}}return{on:O.on,subscribe:R,iterate(e){let t=[],n={done:!1,error:null,resolve:()=>{}},r=R(e,{next(e){t.push(e),n.resolve()},error(e){n.done=!0,n.error=e,n.resolve()},complete(){n.done=!0,n.resolve()}}),i=async function*(){for(;;){for(t.length||await new Promise(e=>n.resolve=e);t.length;)yield t.shift();if(n.error)throw n.error;if(n.done)return}}();return i.throw=async e=>(n.done||(n.done=!0,n.error=e,n.resolve()),{done:!0,value:void 0}),i.return=async()=>(r(),{done:!0,value:void 0}),i},async dispose(){if(F=!0,A){let[e]=await A;e.close(1e3,`Normal Closure`)}},terminate(){A&&O.emit(`closed`,new b)}}}var b=class extends Error{name=`TerminatedCloseEvent`;message=`4499: Terminated`;code=4499;reason=`Terminated`;wasClean=!1};function x(e){return d(e)&&`code`in e&&`reason`in e}function S(e){return![1e3,1001,1006,1005,1012,1013,1014].includes(e)&&e>=1e3&&e<=1999}function C(e){return typeof e==`function`&&`constructor`in e&&`CLOSED`in e&&`CLOSING`in e&&`CONNECTING`in e&&`OPEN`in e}var w=e(t(),1);i(`
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
`);var T=i(`
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
`),E=i(`
  query IssuanceJob($id: ID!) {
    issuanceJob(id: $id) {
      ...IssuanceJobFields
    }
  }
`),D=i(`
  subscription IssuanceJobProgress($id: ID!) {
    issuanceJobProgress(id: $id) {
      ...IssuanceJobFields
    }
  }
`),O=i(`
  query TargetedCoupons($search: String) {
    coupons(first: 50, filter: { status: [ACTIVE], channel: TARGETED, search: $search }) {
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
`),k=null;function A(e=window.location){return`${e.protocol===`https:`?`wss:`:`ws:`}//${e.host}${s}`}function j(){return k??=y({url:A(),lazy:!0,retryAttempts:1,connectionAckWaitTimeout:5e3}),k}function M(e,t){let n;try{n=j()}catch(e){return t.error(e),()=>{}}return n.subscribe({query:D.toString(),variables:{id:e}},{next:e=>{e.errors?.length?t.error(e.errors):e.data?.issuanceJobProgress&&t.next(e.data.issuanceJobProgress)},error:t.error,complete:t.complete})}var N=e=>[`issuanceJob`,e],P=[`issuanceJobs`],F=20,I=2e3,L=1e3,R=5e3;function z({couponId:e,status:t}){return o({queryKey:[...P,e??null,t],initialPageParam:null,queryFn:async({pageParam:n})=>(await c(T,{couponId:e??null,status:t.length?t:null,first:F,after:n})).issuanceJobs,getNextPageParam:e=>e.pageInfo.hasNextPage?e.pageInfo.endCursor??null:null,placeholderData:r,refetchInterval:e=>e.state.data?.pages.some(e=>e.edges.some(e=>e.node.status===`RUNNING`||e.node.status===`PENDING`))?I:!1})}function B(e){let t=n(),[r,i]=(0,w.useState)(!1),o=a({queryKey:N(e),queryFn:async()=>(await c(E,{id:e})).issuanceJob??null,refetchInterval:e=>l(e.state.data?.status)?r?L:R:!1}),s=l(o.data?.status);return(0,w.useEffect)(()=>{if(!s||r||!e)return;let n=!1,a=M(e,{next:r=>{n||t.setQueryData(N(e),r)},error:()=>{n||i(!0)},complete:()=>{if(n)return;let r=t.getQueryData(N(e));l(r?.status)&&i(!0),t.invalidateQueries({queryKey:N(e)})}});return()=>{n=!0,a()}},[e,s,r,t]),{job:o,mode:s?r?`polling`:`socket`:`idle`}}function V(){let e=n();return t=>{e.setQueryData(N(t.id),t),e.invalidateQueries({queryKey:P})}}export{O as i,z as n,V as r,B as t};