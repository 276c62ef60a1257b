// A two-origin server for the hardening tests: the merchant page on http://localhost:PORT and the
// fake provider on http://127.0.0.1:PORT (same port, different origin). It serves the built
// script-tag bundles from dist/, the shared test routes (test/server/routes.js), and
// GET /merchant — a page with one <hosted-auth-session> whose attributes come from the query:
//   any `attr.NAME=VALUE` becomes the attribute NAME; endpoint options go in `attr.endpoint`.
//   csp=1   strict Content-Security-Policy (script-src 'self'; style-src 'self')
//   coi=1   Cross-Origin-Opener-Policy: same-origin + Cross-Origin-Embedder-Policy: require-corp
//   frame=URL  embed URL in an iframe instead of an element (for the cross-origin-frame case)
//   autostart=1  call start() from a timer after load: no user activation, as a blocker sees it
//   below=1  put the element below the fold (after a spacer taller than the window)
//   esm=1   load the npm build (dist/index.js and the chunks it imports on demand) as ES modules,
//           Lit from node_modules through an import map, instead of the script-tag bundle
// GET /m/<encoded query>/ serves the same page, with redirect-url set to that very page and
// cancel-url to <page>cancel: a redirect-mode flow comes back to the same element.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { handleTestRoute } from '../../server/routes.js';

const dist = fileURLToPath(new URL('../../../dist/', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

/** Lit's packages and zod/mini as a browser resolves their bare specifiers (production builds). */
const IMPORT_MAP = JSON.stringify({
  imports: {
    lit: '/node_modules/lit/index.js',
    'lit/': '/node_modules/lit/',
    'lit-html': '/node_modules/lit-html/lit-html.js',
    'lit-html/': '/node_modules/lit-html/',
    'lit-element/': '/node_modules/lit-element/',
    '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
    'zod/mini': '/node_modules/zod/mini/index.js',
  },
});
const CALLBACK_SCRIPT = '<script src="/dist/callback.iife.js"></script>';

function escapeAttribute(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page script: records every event and CSP violation where the tests can read them. */
const MERCHANT_SCRIPT = `
window.__events = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
const el = document.querySelector('hosted-auth-session');
if (el) {
  for (const name of ['session-created', 'session-success', 'session-cancel', 'session-error']) {
    el.addEventListener(name, (event) => {
      window.__events.push({ name, detail: JSON.parse(JSON.stringify(event.detail)) });
      const line = document.createElement('li');
      line.textContent = name;
      document.getElementById('log').append(line);
    });
  }
  // autostart=1: start() from a timer after load, with no user activation (what a popup blocker
  // blocks) — but not on the way back from a flow, when the URL carries its outcome.
  const back = new URLSearchParams(location.search);
  if (el.dataset.autostart === '1' && !['state', 'code', 'error'].some((name) => back.has(name))) {
    setTimeout(() => {
      el.start().catch(() => {});
      console.info('autostart: started');
    }, 50);
  }
}
`;

function merchantPage(url, params = url.searchParams) {
  const attributes = [...params]
    .filter(([key]) => key.startsWith('attr.'))
    .map(([key, value]) => `${key.slice(5)}="${escapeAttribute(value)}"`)
    .join(' ');
  const frame = params.get('frame');
  const autostart = params.get('autostart') === '1' ? ' data-autostart="1"' : '';
  const spacer = params.get('below') === '1' ? '<div style="height: 300vh"></div>' : '';
  const body = frame
    ? `<iframe id="frame" title="merchant frame" src="${escapeAttribute(frame)}"></iframe>`
    : `${spacer}<hosted-auth-session ${attributes}${autostart}>Start</hosted-auth-session><ol id="log"></ol>`;
  const element =
    params.get('esm') === '1'
      ? `<script type="importmap">${IMPORT_MAP}</script><script type="module" src="/dist/index.js"></script>`
      : '<script src="/dist/hosted-auth-session.iife.js"></script>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
${element}</head>
<body>${body}<script src="/merchant.js"></script></body></html>`;
}

export async function startHardeningServer() {
  const server = createServer(async (req, res) => {
    try {
      if (await handleTestRoute(req, res, { callbackScript: CALLBACK_SCRIPT })) return;
      const url = new URL(req.url, `http://${req.headers.host}`);
      const headers = { 'Cache-Control': 'no-store' };
      if (url.searchParams.get('coi') === '1' || url.pathname.includes('coi%3D1')) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      const selfReturning = url.pathname.match(/^\/m\/([^/]+)\/(cancel)?$/);
      if (url.pathname === '/merchant' || selfReturning) {
        const params = selfReturning ? new URLSearchParams(decodeURIComponent(selfReturning[1])) : url.searchParams;
        if (selfReturning) {
          const page = `${url.origin}/m/${selfReturning[1]}/`;
          params.set('attr.redirect-url', page);
          params.set('attr.cancel-url', `${page}cancel`);
        }
        if (params.get('csp') === '1') {
          headers['Content-Security-Policy'] =
            `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; ` +
            `frame-src 'self' http://127.0.0.1:${url.port}`;
        }
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(merchantPage(url, params));
        return;
      }
      if (url.pathname === '/merchant.js') {
        res.writeHead(200, {
          ...headers,
          'Content-Type': 'text/javascript',
          'Cross-Origin-Resource-Policy': 'same-origin',
        });
        res.end(MERCHANT_SCRIPT);
        return;
      }
      const file = url.pathname.match(/^\/dist\/([\w.-]+\.js)$/)?.[1];
      if (file) {
        const body = await readFile(dist + file);
        res.writeHead(200, {
          ...headers,
          'Content-Type': 'text/javascript',
          'Cross-Origin-Resource-Policy': 'same-origin',
        });
        res.end(body);
        return;
      }
      const litFile = url.pathname.match(
        /^\/node_modules\/((?:lit|lit-html|lit-element|@lit\/reactive-element|zod)\/[\w./-]+\.js)$/,
      )?.[1];
      if (litFile && !litFile.includes('..')) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' });
        res.end(await readFile(nodeModules + litFile));
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    merchant: `http://localhost:${port}`,
    provider: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
