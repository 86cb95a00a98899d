/**
 * GraphiQL behind the web app's sign-in: the page graphql-yoga renders (the same version as the
 * gateway's, loaded from unpkg), pointed at this app's /graphql proxy, so it runs as the
 * signed-in user and never holds a token.
 */
const GRAPHIQL_VERSION = '4.5.1';
const CDN = `https://unpkg.com/@graphql-yoga/graphiql@${GRAPHIQL_VERSION}/dist`;

const escapeJsonForScript = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');

export function renderGraphiQLPage(options: { query?: string | null; variables?: string | null; title?: string }): string {
  const title = options.title ?? 'Customer Data Tools — GraphiQL';
  const opts = {
    endpoint: '/graphql',
    title,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
    ...(options.query ? { defaultQuery: options.query, query: options.query } : {}),
    ...(options.variables ? { variables: options.variables, defaultVariableEditorOpen: true } : {}),
  };
  const safeTitle = title.replace(/[<>&"]/g, '');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${safeTitle}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link crossorigin rel="stylesheet" href="${CDN}/graphiql.css"></head>
<body id="body" class="no-focus-outline"><noscript>GraphiQL needs JavaScript.</noscript><div id="root">Loading GraphiQL…</div>
<script>function prepareBlob(r){const o=new Blob([r],{type:"application/javascript"});return URL.createObjectURL(o)}const workers={},workerUrls={editorWorkerService:"${CDN}/monacoeditorwork/editor.worker.bundle.js",json:"${CDN}/monacoeditorwork/json.worker.bundle.js",graphql:"${CDN}/monacoeditorwork/graphql.worker..bundle.js"};function prepareWorkers(){return Promise.all(Object.entries(workerUrls).map(async([r,o])=>{const e=await fetch(o),t=await e.text();workers[r]=prepareBlob(t)}))}self.MonacoEnvironment={globalAPI:!1,getWorkerUrl:function(r,o){return workers[o]}}</script>
<script src="${CDN}/yoga-graphiql.umd.js"></script>
<script>prepareWorkers().finally(()=>{YogaGraphiQL.renderYogaGraphiQL(root,${escapeJsonForScript(opts)})})</script></body></html>`;
}
