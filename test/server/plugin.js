// Test server routes for the component tests (a @web/dev-server plugin).
//
// Merchant side (page origin, http://localhost:PORT):
//   POST /api/session?id=ID&...   the merchant endpoint. Records the request under ID. Options:
//        status=N        answer with status N          raw=TEXT   answer with TEXT as the body
//        type=MIME       content type of `raw`          delay=MS   wait before answering
//        hang=1          never answer (until the client aborts)
//        any other key (act, after, coop, hop, forge, extra, state=0, frameless) is passed to the
//        provider page of the default answer { url, sessionId }.
//   GET  /api/requests?id=ID      the recorded requests for ID, as JSON.
//   GET  /callback/done, /callback/cancel      return pages that run src/callback.ts
//   GET  /plain/done, /plain/cancel            return pages without the callback script (polling only)
// Provider side (the other origin, http://127.0.0.1:PORT):
//   GET  /provider/page?redirect=URL&cancel=URL&act=approve|cancel|deny|error|close|none&after=MS
//        &coop=1 (Cross-Origin-Opener-Policy: same-origin) &xfo=1 (X-Frame-Options: DENY)
//        &forge=1 (posts forged completion messages to its opener/parent from this origin)
//   GET  /provider/redirect?to=URL   a 302 straight to URL (an instant redirect back)

const requests = new Map();

function page(title, body, script = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body>${body}${script ? `<script>${script}</script>` : ''}</body></html>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function withParams(url, params) {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.href;
}

const PAGE_KEYS = ['act', 'after', 'coop', 'xfo', 'forge', 'extra', 'hop', 'form'];

/** A provider step with a real form: submitting it loads the next step, which approves. */
function providerFormPage(url) {
  const fields = [...url.searchParams]
    .filter(([key]) => key === 'redirect' || key === 'cancel')
    .map(([key, value]) => `<input type="hidden" name="${key}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Test provider form',
    `<form id="step" method="get" action="/provider/page">${fields}
       <input type="hidden" name="act" value="approve">
       <label>Name <input name="name" value="Ada"></label>
       <button id="submit">Continue</button></form>`,
    `setTimeout(() => document.getElementById('step').requestSubmit(), 50);`,
  );
}

function providerPage(url) {
  const q = url.searchParams;
  if (q.get('form') === '1') return providerFormPage(url);
  const redirect = q.get('redirect') ?? '';
  const cancel = q.get('cancel') ?? '';
  const act = q.get('act') ?? 'none';
  const after = Number(q.get('after') ?? 0);
  const extra = q.get('extra') ?? '';
  const targets = {
    approve: redirect ? withParams(redirect, { code: 'auth-code-1', ...(extra ? { extra } : {}) }) : '',
    deny: redirect ? withParams(redirect, { error: 'access_denied' }) : '',
    error: redirect ? withParams(redirect, { error: 'server_error', error_description: 'Provider is down' }) : '',
    cancel,
  };
  const forge =
    q.get('forge') === '1'
      ? `const t = window.opener || window.parent;
         for (const url of ${JSON.stringify([targets.cancel, targets.error, targets.approve].filter(Boolean))}) {
           t.postMessage({ type: 'hosted-auth-session:complete', url }, '*');
         }`
      : '';
  const script = `
    const targets = ${JSON.stringify(targets)};
    for (const b of document.querySelectorAll('button[data-go]')) {
      b.addEventListener('click', () => { location.href = targets[b.dataset.go]; });
    }
    ${forge}
    const act = ${JSON.stringify(act)};
    if (act === 'close') setTimeout(() => window.close(), ${after});
    else if (targets[act]) setTimeout(() => { location.href = targets[act]; }, ${after});`;
  return page(
    'Test provider',
    `<h1>Test provider</h1>
     <button data-go="approve" id="approve">Approve</button>
     <button data-go="cancel" id="cancel">Cancel</button>
     <button data-go="deny" id="deny">Deny</button>
     <p id="redirect">${escapeHtml(redirect)}</p>`,
    script,
  );
}

function callbackPage(title, withScript) {
  return page(title, `<h1>${title}</h1>`).replace(
    '</head>',
    withScript ? '<script type="module" src="/src/callback.ts"></script></head>' : '</head>',
  );
}

export function testServerPlugin() {
  return {
    name: 'hosted-auth-session-test-server',
    async serve(context) {
      const url = new URL(context.request.url, `http://${context.host}`);
      const isProviderOrigin = context.host.startsWith('127.0.0.1');
      if (url.pathname === '/provider/page' && isProviderOrigin) {
        if (url.searchParams.get('coop') === '1') context.set('Cross-Origin-Opener-Policy', 'same-origin');
        if (url.searchParams.get('xfo') === '1') context.set('X-Frame-Options', 'DENY');
        return { body: providerPage(url), type: 'html' };
      }
      if (url.pathname === '/callback/done') return { body: callbackPage('Done', true), type: 'html' };
      if (url.pathname === '/callback/cancel') return { body: callbackPage('Cancelled', true), type: 'html' };
      if (url.pathname === '/plain/done') return { body: callbackPage('Done', false), type: 'html' };
      if (url.pathname === '/plain/cancel') return { body: callbackPage('Cancelled', false), type: 'html' };
      if (url.pathname === '/plain/elsewhere') return { body: callbackPage('Somewhere else', false), type: 'html' };
      if (url.pathname === '/api/requests') {
        return { body: JSON.stringify(requests.get(url.searchParams.get('id')) ?? []), type: 'json' };
      }
      return undefined;
    },
  };
}

/**
 * Koa middleware for the routes a plugin's `serve` hook cannot answer: POST /api/session, and
 * the provider's 302 (`serve` answers are always 200).
 */
export function sessionMiddleware() {
  return async (context, next) => {
    const url = new URL(context.request.url, `http://${context.host}`);
    if (url.pathname === '/provider/redirect' && context.host.startsWith('127.0.0.1')) {
      context.redirect(url.searchParams.get('to') ?? '/');
      return undefined;
    }
    if (url.pathname !== '/api/session' || context.method !== 'POST') return next();
    const q = url.searchParams;
    const id = q.get('id') ?? 'default';
    const text = await readBody(context.req);
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const list = requests.get(id) ?? [];
    list.push({
      method: context.method,
      headers: context.request.headers,
      body,
      at: Date.now(),
    });
    requests.set(id, list);
    if (q.get('hang') === '1') {
      await new Promise((resolve) => context.req.on('close', resolve));
      return undefined;
    }
    const delay = Number(q.get('delay') ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    context.status = Number(q.get('status') ?? 200);
    if (q.has('raw')) {
      context.type = q.get('type') ?? 'application/json';
      context.body = q.get('raw');
      return undefined;
    }
    const port = context.host.split(':')[1];
    const state = body && typeof body === 'object' ? body.state : undefined;
    const appendState = (u) => (u && state && q.get('state') !== '0' ? withParams(u, { state }) : u);
    const pageParams = new URLSearchParams();
    if (body?.redirectUrl) pageParams.set('redirect', appendState(body.redirectUrl));
    if (body?.cancelUrl) pageParams.set('cancel', appendState(body.cancelUrl));
    for (const key of PAGE_KEYS) if (q.has(key)) pageParams.set(key, q.get(key));
    const providerPath = q.get('hop') === '1' ? '/provider/redirect' : '/provider/page';
    const pageUrl = `http://127.0.0.1:${port}/provider/page?${pageParams}`;
    const sessionUrl =
      providerPath === '/provider/redirect'
        ? `http://127.0.0.1:${port}/provider/redirect?to=${encodeURIComponent(
            appendState(withParams(body.redirectUrl, { code: 'instant' })),
          )}`
        : pageUrl;
    context.type = 'application/json';
    context.body = JSON.stringify({ url: sessionUrl, sessionId: `sess_${list.length}` });
    return undefined;
  };
}
