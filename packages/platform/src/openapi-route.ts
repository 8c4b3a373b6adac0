import { Router } from 'express';

/** A self-contained page that lists the operations of /openapi.json: no CDN, no build step. */
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code,pre{background:#f4f4f4;padding:.1rem .3rem;border-radius:3px}pre{padding:.6rem;overflow:auto}
h2{margin-top:2rem;font-size:1.05rem}.m{font-weight:700;text-transform:uppercase;margin-right:.4rem}</style></head>
<body><h1 id="title">API</h1><p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p><div id="ops"></div>
<script>
fetch('openapi.json').then(r => r.json()).then(doc => {
  document.getElementById('title').textContent = doc.info.title;
  const ops = document.getElementById('ops');
  for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) {
    const section = document.createElement('section');
    const h = document.createElement('h2');
    h.innerHTML = '<span class="m"></span><code></code>';
    h.querySelector('.m').textContent = method; h.querySelector('code').textContent = path;
    const p = document.createElement('p');
    p.textContent = op.summary + (op.security ? ' (Bearer token)' : '') + ' → ' + Object.keys(op.responses).join(', ');
    section.append(h, p);
    const body = op.requestBody && Object.values(op.requestBody.content)[0];
    if (body) { const pre = document.createElement('pre'); pre.textContent = JSON.stringify(body.schema, null, 2); section.append(pre); }
    ops.append(section);
  }
});
</script></body></html>`;

/** Serves the service's OpenAPI document at /openapi.json and a readable page at /docs. */
export function openApiRoute(document: object): Router {
  const body = JSON.stringify(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  return router;
}
