import{ki as e,s as t}from"./errors-Br8TGw_V.js";import{r as n}from"./client-DJS7f3rN.js";var r=t(`
  query Tags {
    tags {
      name
      description
      kind
      userCount
    }
  }
`),i=[`tags`];function a(t=!0){return e({queryKey:i,queryFn:async()=>(await n(r)).tags,enabled:t})}export{a as n,i as t};