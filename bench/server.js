// The benchmark's loopback server: one node:http server on 127.0.0.1 with a port from the OS,
// reached under two names so that merchant and provider are different origins, as in real life:
//
// Merchant (http://localhost:PORT):
//   GET  /page[?bundle=1]      an empty page (the bench adds the element itself), with the
//                              element's bundle loaded when bundle=1
//   GET  /dist/NAME            the built bundles
//   POST /api/session?latency=MS   the merchant endpoint: waits MS, then answers a generic
//                              session `{ url, sessionId }` whose URL is the provider page below
//                              (with &direct=1: the return page itself, for the leak loop)
//   GET  /return/callback      the return page with dist/callback.iife.js (callback message)
//   GET  /return/plain         the return page without it (the element has to poll)
// Provider (http://127.0.0.1:PORT):
//   GET  /provider?flow=N&to=URL[&hold=MS]   the hosted page: records when it was asked for, then
//                              at once (or after MS; the endpoint passes its own `hold` on) sends
//                              the flow to URL with `t0` = the moment it redirected
//
// Hand-written baselines and page-load pages (bench/compare.js):
//   GET  /baseline?variant=popup|floor|iframe&latency=MS   what a careful developer writes without
//                              the element: a button whose click opens a blank popup (`floor`:
//                              fetches first, then opens), or fetches and shows a dialog iframe;
//                              the return page posts `{ url }`, checked by origin and source
//   GET  /return/baseline      that return page
//   GET  /ready?kind=element|baseline   a page with the button in its markup, for load → ready
//   GET  /first?…attributes    a page that loads the script-tag bundle and adds the element
//   GET  /npm/…                the same page as a Vite app built from the npm package (bench/npm-app)
//
// Every request to /api/session and /provider is timestamped (Date.now()) for the bench to read.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const DIST_FILES = new Set(['hosted-auth-session.iife.js', 'callback.iife.js']);
const NPM_APP = fileURLToPath(new URL('./.npm-app/', import.meta.url));

/**
 * The baseline: the code a careful developer writes for one provider without the element. `floor`
 * starts the request before `window.open` in the same click, so the two overlap. `framed` is the
 * iframe baseline whose iframe carries what the element's does by default (`frame`: its title and
 * `allow`, the permissions a verification flow needs) and a referrer policy.
 */
function baselineScript(variant, latency, frame) {
  return `
const endpoint = '/api/session?latency=${Number(latency) || 0}';
const ask = () => fetch(endpoint, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ redirectUrl: location.origin + '/return/baseline', state: crypto.randomUUID() }),
}).then((response) => response.json());
function waitForReturn(win, done) {
  addEventListener('message', function onMessage(event) {
    if (event.origin !== location.origin || event.source !== win()) return;
    removeEventListener('message', onMessage);
    done(event.data.url);
  });
}
document.querySelector('button').addEventListener('click', async () => {
  if (${JSON.stringify(variant)} === 'iframe' || ${JSON.stringify(variant)} === 'framed') {
    const { url } = await ask();
    const dialog = document.createElement('dialog');
    const frame = document.createElement('iframe');
    if (${JSON.stringify(variant)} === 'framed') {
      frame.title = ${JSON.stringify(frame?.title ?? '')};
      frame.allow = ${JSON.stringify(frame?.allow ?? '')};
      frame.referrerPolicy = 'strict-origin-when-cross-origin';
    }
    frame.src = url;
    dialog.append(frame);
    document.body.append(dialog);
    dialog.showModal();
    waitForReturn(() => frame.contentWindow, (url) => { window.__report?.(url); dialog.remove(); });
    return;
  }
  const request = ${JSON.stringify(variant)} === 'floor' ? ask() : undefined;
  const popup = window.open('about:blank', 'baseline', 'popup,width=480,height=720');
  const { url } = await (request ?? ask());
  popup.location.replace(url);
  waitForReturn(() => popup, (url) => { window.__report?.(url); popup.close(); });
});`;
}

const RETURN_BASELINE = `(window.opener || window.parent).postMessage({ url: location.href }, location.origin);`;

/** Adds the element described by the page's query (attribute=value) to the page. */
const ADD_FROM_QUERY = `
const el = document.createElement('hosted-auth-session');
for (const [name, value] of new URLSearchParams(location.search)) el.setAttribute(name, value);
el.textContent = 'Verify';
document.body.append(el);`;

function html(body, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${head}</head><body>${body}</body></html>`;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The iframe title and `allow` of an element left at its defaults, read from the built package
 * (Lit constructs the element in Node), so that the `framed` baseline follows them.
 */
async function elementFrameDefaults() {
  const { HostedAuthSession } = await import('../dist/index.js');
  const { frameTitle, allow } = new HostedAuthSession();
  return { title: frameTitle, allow };
}

/** Starts the server; resolves with its two origins, the request log and `close()`. */
export async function startBenchServer() {
  const frame = await elementFrameDefaults();
  // sessions: { flow, arrived, answered } in order of arrival; `pending` are being answered.
  const log = { sessions: [], pending: 0, lastAnswered: 0, provider: new Map() };
  const files = new Map();
  for (const name of DIST_FILES) {
    files.set(name, await readFile(fileURLToPath(new URL(`../dist/${name}`, import.meta.url))));
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error?.message ?? error));
    });
  });

  const send = (res, type, body, status = 200, cache = 'no-store') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': cache });
    res.end(body);
  };

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const path = url.pathname;
    if (path === '/page') {
      const bundle =
        url.searchParams.get('bundle') === '1' ? '<script src="/dist/hosted-auth-session.iife.js"></script>' : '';
      return send(res, 'text/html; charset=utf-8', html('', bundle));
    }
    if (path === '/baseline') {
      const script = baselineScript(url.searchParams.get('variant'), url.searchParams.get('latency'), frame);
      return send(res, 'text/html; charset=utf-8', html(`<button>Verify</button><script>${script}</script>`));
    }
    if (path === '/return/baseline') {
      return send(res, 'text/html; charset=utf-8', html('<p>Done</p>', `<script>${RETURN_BASELINE}</script>`));
    }
    if (path === '/ready') {
      // Ready: the button can be clicked (the element: defined and rendered).
      const body =
        url.searchParams.get('kind') === 'element'
          ? `<hosted-auth-session endpoint="/api/session">Verify</hosted-auth-session>
             <script src="/dist/hosted-auth-session.iife.js"></script>
             <script>customElements.whenDefined('hosted-auth-session')
               .then(() => document.querySelector('hosted-auth-session').updateComplete)
               .then(() => { window.__ready = performance.now(); });</script>`
          : `<button>Verify</button><script>${baselineScript('popup', 0)}\nwindow.__ready = performance.now();</script>`;
      return send(res, 'text/html; charset=utf-8', html(body));
    }
    if (path === '/first') {
      return send(
        res,
        'text/html; charset=utf-8',
        html(
          '',
          `<script src="/dist/hosted-auth-session.iife.js"></script><script type="module">${ADD_FROM_QUERY}</script>`,
        ),
      );
    }
    if (path.startsWith('/npm/')) {
      const name = path === '/npm/' ? 'index.html' : path.slice(5);
      if (name.includes('..')) return send(res, 'text/plain', 'not found', 404);
      const body = await readFile(`${NPM_APP}${name}`).catch(() => undefined);
      if (body === undefined) return send(res, 'text/plain', 'not found', 404);
      const type = name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8';
      return send(res, type, body, 200, name.endsWith('.html') ? 'no-store' : 'max-age=3600');
    }
    if (path.startsWith('/dist/') && DIST_FILES.has(path.slice(6))) {
      // Cached like a CDN would serve them: a flow's return page does not fetch the script again.
      return send(res, 'text/javascript; charset=utf-8', files.get(path.slice(6)), 200, 'max-age=3600');
    }
    if (path === '/api/session' && req.method === 'POST') {
      const record = { flow: log.sessions.length + 1, arrived: Date.now(), answered: 0 };
      log.sessions.push(record);
      log.pending += 1;
      try {
        const body = JSON.parse(await readBody(req));
        const latency = Number(url.searchParams.get('latency') ?? 0);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        const to = new URL(body.redirectUrl);
        to.searchParams.set('state', body.state);
        to.searchParams.set('flow', String(record.flow));
        const hosted = new URL(`http://127.0.0.1:${port}/provider`);
        hosted.searchParams.set('flow', String(record.flow));
        hosted.searchParams.set('to', to.href);
        if (url.searchParams.has('hold')) hosted.searchParams.set('hold', url.searchParams.get('hold'));
        // direct=1: a hosted page that is already the return page (no provider hop; the leak loop).
        const sessionUrl = url.searchParams.get('direct') === '1' ? to.href : hosted.href;
        send(res, 'application/json', JSON.stringify({ url: sessionUrl, sessionId: `s${record.flow}` }));
      } finally {
        log.pending -= 1;
        record.answered = log.lastAnswered = Date.now();
      }
      return undefined;
    }
    if (path === '/provider') {
      log.provider.set(Number(url.searchParams.get('flow')), Date.now());
      const to = JSON.stringify(url.searchParams.get('to') ?? '');
      const hold = Number(url.searchParams.get('hold') ?? 0);
      // The provider sends the browser back at once (or after `hold` ms); `t0` is when it did.
      const script = `<script>setTimeout(() => { const to = new URL(${to}); to.searchParams.set('t0', String(performance.timeOrigin + performance.now())); location.replace(to.href); }, ${hold});</script>`;
      return send(res, 'text/html; charset=utf-8', html('<p>Provider</p>', script));
    }
    if (path === '/return/callback') {
      return send(
        res,
        'text/html; charset=utf-8',
        html('<p>Done</p>', '<script src="/dist/callback.iife.js"></script>'),
      );
    }
    if (path === '/return/plain') return send(res, 'text/html; charset=utf-8', html('<p>Done</p>'));
    if (path === '/favicon.ico') return send(res, 'image/x-icon', '', 204);
    return send(res, 'text/plain', 'not found', 404);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  return {
    merchant: `http://localhost:${port}`,
    provider: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
