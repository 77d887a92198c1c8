import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{n as t,t as n}from"./jsx-runtime-C3cWAN_r.js";import{Nn as r,n as i,p as a,s as o,t as s}from"./errors-Br8TGw_V.js";import{n as c,t as l}from"./row-B-ZvejWZ.js";import{t as u}from"./form-6giSBnjv.js";import{o as d}from"./index-B61qxnBM.js";import{t as f}from"./input-number-CfLH8BoD.js";import{t as p}from"./modal-Ct64gWJq.js";import{t as m}from"./useMutation-W630D1FA.js";import{r as h}from"./client-DJS7f3rN.js";var g=e(t(),1),_=[`name`,`description`,`currency`,`budget`,`budget.amount`,`budget.usesPerDay`];function v(e){let t=(e??``).trim();return t===``?null:t}function y(e){return{amount:v(e?.amount),usesPerDay:e?.usesPerDay??null}}function b(e){return{name:e.name.trim(),description:e.description?.trim()??``,currency:v(e.currency)?.toUpperCase()??null,budget:y(e.budget)}}function x(e){return{name:e.name,description:e.description,currency:e.currency,budget:{amount:e.budget.amount??void 0,usesPerDay:e.budget.usesPerDay??null}}}var S=o(`
  mutation CreateCampaign($input: CampaignInput!) {
    createCampaign(input: $input) {
      campaign {
        id
        name
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`),C=o(`
  mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {
    updateCampaign(id: $id, input: $input) {
      campaign {
        id
        name
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`),w=n(),T=/^\d+(\.\d+)?$/;function E({open:e,campaign:t,onClose:n,onSaved:o}){let{t:v}=a([`campaigns`,`common`]),[y]=u.useForm(),[E,D]=(0,g.useState)(null),O=!!t,k=O&&t.coupons.length>0,A=m({mutationFn:async e=>t?(await h(C,{id:t.id,input:e})).updateCampaign:(await h(S,{input:e})).createCampaign});(0,g.useEffect)(()=>{e&&(y.resetFields(),t&&y.setFieldsValue(x(t)))},[e,t,y]);let j=()=>{D(null),y.resetFields(),n()};return(0,w.jsxs)(p,{title:v(O?`dialog.editTitle`:`dialog.newTitle`),open:e,okText:v(O?`dialog.save`:`dialog.create`),onOk:async()=>{let e;try{e=await y.validateFields()}catch{return}D(null);try{let t=await A.mutateAsync(b(e));if(t.campaign&&t.userErrors.length===0){o(t.campaign),j();return}let n=i(t.userErrors,_,{},{name:v(`form.name`),description:v(`form.description`),currency:v(`form.currency`),amount:v(`form.budgetAmount`),usesPerDay:v(`form.usesPerDay`)});y.setFields(n.fields),D(n.general.join(` `)||(n.fields.length?null:v(`dialog.failed`)))}catch(e){D(s(e))}},okButtonProps:{"data-testid":`campaign-submit`},confirmLoading:A.isPending,onCancel:j,forceRender:!0,children:[E&&(0,w.jsx)(r,{type:`error`,showIcon:!0,title:E,style:{marginBottom:16},"data-testid":`campaign-error`}),(0,w.jsxs)(u,{form:y,layout:`vertical`,name:`campaign`,children:[(0,w.jsx)(u.Item,{name:`name`,label:v(`form.name`),rules:[{required:!0,whitespace:!0,message:v(`form.nameRequired`)},{max:200,message:v(`form.nameTooLong`)}],children:(0,w.jsx)(d,{})}),(0,w.jsx)(u.Item,{name:`description`,label:v(`form.description`),children:(0,w.jsx)(d.TextArea,{rows:2,maxLength:2e3})}),(0,w.jsx)(u.Item,{name:`currency`,label:v(`form.currency`),extra:v(k?`form.currencyLocked`:`form.currencyExtra`),rules:[{pattern:/^[A-Za-z]{3}$/,message:v(`form.currencyPattern`)}],children:(0,w.jsx)(d,{disabled:k,maxLength:3,placeholder:v(`form.currencyDefault`),style:{textTransform:`uppercase`,width:160}})}),(0,w.jsxs)(l,{gutter:16,children:[(0,w.jsx)(c,{span:12,children:(0,w.jsx)(u.Item,{name:[`budget`,`amount`],label:v(`form.budgetAmount`),extra:v(`form.budgetAmountExtra`),rules:[{pattern:T,message:v(`form.money`)}],children:(0,w.jsx)(d,{inputMode:`decimal`,placeholder:v(`budget.noCap`)})})}),(0,w.jsx)(c,{span:12,children:(0,w.jsx)(u.Item,{name:[`budget`,`usesPerDay`],label:v(`form.usesPerDay`),extra:v(`form.usesPerDayExtra`),rules:[{validator:async(e,t)=>{if(t!=null&&(!Number.isInteger(t)||t<1))throw Error(v(`form.usesPerDayRange`))}}],children:(0,w.jsx)(f,{precision:0,style:{width:`100%`},placeholder:v(`budget.noCap`)})})})]})]})]})}export{E as t};