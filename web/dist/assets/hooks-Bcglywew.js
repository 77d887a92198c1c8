import{i as e,ni as t}from"./errors-BwmVEmbT.js";import{r as n}from"./client-DJS7f3rN.js";var r=e(`
  query Tags {
    tags {
      name
      description
      kind
      userCount
    }
  }
`),i=[`tags`];function a(e=!0){return t({queryKey:i,queryFn:async()=>(await n(r)).tags,enabled:e})}export{a as n,i as t};