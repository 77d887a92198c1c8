import{s as e}from"./errors-Br8TGw_V.js";var t=e(`
  mutation CreateIssuanceJob($input: IssuanceJobInput!) {
    createIssuanceJob(input: $input) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`),n=e(`
  mutation PauseIssuanceJob($id: ID!) {
    pauseIssuanceJob(id: $id) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`),r=e(`
  mutation ResumeIssuanceJob($id: ID!) {
    resumeIssuanceJob(id: $id) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`),i=e(`
  mutation CancelIssuanceJob($id: ID!) {
    cancelIssuanceJob(id: $id) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);export{r as i,t as n,n as r,i as t};