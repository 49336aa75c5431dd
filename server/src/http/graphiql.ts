import type http from 'node:http';
import { createHash } from 'node:crypto';

// GraphiQL from the product itself: Yoga's default page loads its scripts from a public CDN, so
// without internet it never leaves "Loading…". The bundle ships in @graphql-yoga/render-graphiql.
export const GRAPHIQL_ASSETS = '/graphiql/assets/';

interface Asset {
  type: string;
  body: string;
}

let assets: Promise<{ files: Map<string, Asset>; version: string }> | null = null;

// Imported on first use: the bundle is about 9 MB of strings that most processes never serve.
function loadAssets() {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const js = 'text/javascript; charset=utf-8';
    const files = new Map<string, Asset>([
      ['graphiql.css', { type: 'text/css; charset=utf-8', body: bundle.css }],
      ['graphiql.js', { type: js, body: bundle.js }],
      ['editor.worker.js', { type: js, body: bundle.editorWorkerService }],
      ['json.worker.js', { type: js, body: bundle.jsonWorker }],
      ['graphql.worker.js', { type: js, body: bundle.graphqlWorker }],
    ]);
    const hash = createHash('sha256');
    for (const f of files.values()) hash.update(f.body);
    return { files, version: hash.digest('hex').slice(0, 12) };
  });
  return assets;
}

/** Serves /graphiql/assets/<file>; answers 404 for anything else under that path. */
export async function serveGraphiQLAsset(pathname: string, res: http.ServerResponse): Promise<void> {
  const { files } = await loadAssets();
  const asset = files.get(pathname.slice(GRAPHIQL_ASSETS.length));
  if (!asset) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  // Page links carry ?v=<content hash>, so a cached copy is never stale.
  res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable' });
  res.end(asset.body);
}

/** The GraphiQL page (Yoga's `renderGraphiQL`): the same app as Yoga's default, its files from here. */
export async function renderGraphiQL(options: object): Promise<string> {
  const { version } = await loadAssets();
  const url = (file: string) => `${GRAPHIQL_ASSETS}${file}?v=${version}`;
  // JSON inside <script>: "<" escaped so no value can close the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  const workers = { editorWorkerService: url('editor.worker.js'), json: url('json.worker.js'), graphql: url('graphql.worker.js') };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphiQL · Instance Manager</title>
<link rel="stylesheet" href="${url('graphiql.css')}">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading GraphiQL…</div>
<script>
  const workers = ${json(workers)};
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_, label) => workers[label] ?? workers.editorWorkerService };
</script>
<script src="${url('graphiql.js')}"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${json({ title: 'Instance Manager', ...options })});</script>
</body>
</html>`;
}

/**
 * A signed-out browser asking for GraphiQL is sent to the console's sign-in page, which brings
 * it back here; scripts (no text/html in Accept) still get GraphQL's JSON answers.
 */
export function redirectSignedOutBrowser(req: http.IncomingMessage, res: http.ServerResponse, signedIn: boolean): boolean {
  if (signedIn || req.method !== 'GET' || !String(req.headers.accept ?? '').includes('text/html')) return false;
  const url = new URL(req.url ?? '/graphql', 'http://localhost');
  res.writeHead(302, { location: `/login?next=${encodeURIComponent(url.pathname + url.search)}`, 'cache-control': 'no-store' }).end();
  return true;
}
