import * as assets from '@graphql-yoga/render-graphiql/graphiql';

/**
 * GraphiQL behind the web app's sign-in: graphql-yoga's own GraphiQL build, served from this app
 * (no CDN: the tool runs inside networks that cannot reach one), pointed at this app's /graphql
 * proxy, so it runs as the signed-in user and never holds a token.
 */

/** The pinned @graphql-yoga/render-graphiql version; part of the asset URLs so they can be cached forever. */
export const GRAPHIQL_ASSETS_VERSION = '5.24.1';
const ASSET_BASE = `/graphiql/assets/${GRAPHIQL_ASSETS_VERSION}`;

const GRAPHIQL_ASSETS: Record<string, { body: string; contentType: string }> = {
  'graphiql.js': { body: assets.js, contentType: 'text/javascript; charset=utf-8' },
  'graphiql.css': { body: assets.css, contentType: 'text/css; charset=utf-8' },
  'editor.worker.js': { body: assets.editorWorkerService, contentType: 'text/javascript; charset=utf-8' },
  'json.worker.js': { body: assets.jsonWorker, contentType: 'text/javascript; charset=utf-8' },
  'graphql.worker.js': { body: assets.graphqlWorker, contentType: 'text/javascript; charset=utf-8' },
};

/** One of GraphiQL's bundled files by name, or undefined for anything else. */
export function graphiqlAsset(version: string, file: string): { body: string; contentType: string } | undefined {
  return version === GRAPHIQL_ASSETS_VERSION && Object.hasOwn(GRAPHIQL_ASSETS, file) ? GRAPHIQL_ASSETS[file] : undefined;
}

// Options are written into a <script>: escape what could close it.
const escapeJsonForScript = (value: unknown) =>
  JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');

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
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="${ASSET_BASE}/graphiql.css"></head>
<body id="body" class="no-focus-outline"><noscript>GraphiQL needs JavaScript.</noscript><div id="root">Loading GraphiQL…</div>
<script>const workers={};const workerUrls={editorWorkerService:"${ASSET_BASE}/editor.worker.js",json:"${ASSET_BASE}/json.worker.js",graphql:"${ASSET_BASE}/graphql.worker.js"};function prepareWorkers(){return Promise.all(Object.entries(workerUrls).map(async([label,url])=>{const text=await (await fetch(url)).text();workers[label]=URL.createObjectURL(new Blob([text],{type:"application/javascript"}))}))}self.MonacoEnvironment={globalAPI:false,getWorkerUrl:function(moduleId,label){return workers[label]}}</script>
<script src="${ASSET_BASE}/graphiql.js"></script>
<script>prepareWorkers().finally(()=>{YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"),${escapeJsonForScript(opts)})})</script></body></html>`;
}
