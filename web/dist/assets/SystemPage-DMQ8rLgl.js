import{a as e,i as t,ni as n,t as r,yn as i}from"./errors-BwmVEmbT.js";import{t as a}from"./card-CfbBEZp4.js";import{t as o}from"./descriptions-BEanx5vS.js";import{t as s}from"./table-JonLdcKb.js";import{a as c}from"./index-ojnawWD_.js";import{s as l}from"./format-CL_hYonn.js";import{r as u}from"./client-DJS7f3rN.js";import{t as d}from"./jsx-runtime-C3cWAN_r.js";function f(e){if(e<1)return`${Math.round(e*1e3)} ms`;if(e<60)return`${e.toFixed(1)} s`;let t=Math.floor(e/60);return`${t} min ${Math.round(e-t*60)} s`}var p=t(`
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
`),m=[`replication`],h=2e3;function g(){return n({queryKey:m,queryFn:async()=>(await u(p)).replication,refetchInterval:h})}var _=d();function v(){let t=g();if(t.isPending)return null;if(t.isError&&!t.data)return(0,_.jsx)(a,{size:`small`,title:`Read replicas`,"data-testid":`replication`,children:(0,_.jsx)(i,{type:`warning`,showIcon:!0,title:`The replicas could not be read: ${r(t.error)}`,"data-testid":`replication-error`})});let n=t.data;return(0,_.jsxs)(a,{size:`small`,title:`Read replicas`,"data-testid":`replication`,children:[(0,_.jsxs)(o,{size:`small`,column:{xs:1,md:2},children:[(0,_.jsx)(o.Item,{label:`Lag bound`,children:(0,_.jsxs)(`span`,{"data-testid":`replication-bound`,children:[f(n.maxLagSeconds),` (COUPOND_MAX_REPLICA_LAG): a replica further behind serves no reads`]})}),(0,_.jsx)(o.Item,{label:`After a change`,children:(0,_.jsxs)(`span`,{children:[`a caller reads the primary for `,f(n.pinSeconds),`, so it always sees its own writes`]})})]}),n.degraded&&(0,_.jsx)(i,{type:`warning`,showIcon:!0,style:{marginBottom:8},title:`Degraded: ${n.degraded}. Every read still works, on the primary.`,"data-testid":`replication-degraded`}),n.replicas.length===0?(0,_.jsx)(e.Text,{type:`secondary`,"data-testid":`replication-none`,children:`No database has read replicas: every read goes to the primary (configure them as primary|replica in COUPOND_META_DSN and COUPOND_SHARD_DSNS).`}):(0,_.jsx)(s,{size:`small`,rowKey:e=>`${e.database} ${e.address}`,pagination:!1,dataSource:n.replicas,"data-testid":`replication-replicas`,scroll:{x:!0},columns:[{title:`Database`,dataIndex:`database`},{title:`Replica`,dataIndex:`address`,render:t=>(0,_.jsx)(e.Text,{code:!0,children:t})},{title:`Reads`,render:(e,t)=>t.usable?(0,_.jsx)(c,{color:`green`,children:`in rotation`}):(0,_.jsx)(c,{color:`red`,children:`out: reads go to the primary`})},{title:`Behind by`,render:(e,t)=>t.problem&&!t.usable&&t.lagSeconds===0?`—`:f(t.lagSeconds)},{title:`Problem`,render:(e,t)=>t.problem??``,responsive:[`md`]},{title:`Checked`,render:(e,t)=>t.checkedAt?l(t.checkedAt):`not yet`}]})]})}function y(){return(0,_.jsxs)(`div`,{children:[(0,_.jsx)(e.Title,{level:3,children:`System`}),(0,_.jsx)(v,{})]})}export{y as default};