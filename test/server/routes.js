// Test server routes shared by the component tests (mounted in web-test-runner) and the
// hardening end-to-end tests (test/e2e/hardening/server.js). Plain node:http (req, res).
//
// Merchant side (the page's origin, http://localhost:PORT):
//   POST /api/session?id=ID&...   the merchant endpoint. Records the request under ID. Options:
//        status=N        answer with status N          raw=TEXT   answer with TEXT as the body
//        type=MIME       content type of `raw`          delay=MS   wait before answering
//        hang=1          never answer (until the client aborts)
//        state=0         do not append the flow's state to the return URLs
//        declare=STATE   the backend chose its own state: answer { url, sessionId, state: STATE }
//                        and append STATE (not the element's) to the return URLs
//        urlState=STATE  append STATE to the return URLs instead (another flow's state: a mix-up)
//        any of PAGE_KEYS is passed on to the provider page of the default answer { url, sessionId }.
//   GET  /api/requests?id=ID      the recorded requests for ID, as JSON.
//   GET  /callback/done, /callback/cancel      return pages that run the callback script
//   GET  /callback/star                        a return page whose meta asks for targetOrigin "*"
//   GET  /plain/done, /plain/cancel            return pages without it (polling only)
//   GET  /plain/elsewhere                      a merchant page that is neither return page
// Provider side (the other origin, http://127.0.0.1:PORT):
//   GET  /provider/page?redirect=URL&cancel=URL&act=approve|cancel|deny|error|close|none&after=MS
//        &coop=1 (Cross-Origin-Opener-Policy: same-origin) &xfo=1 (X-Frame-Options: DENY)
//        &forge=1 (posts forged completion messages to its opener/parent from this origin, then
//        { type: 'test:forged' }) &name=1 (posts { type: 'test:window-name', name } to its opener)
//        &form=1 (a form step that submits itself to the next step, which approves)
//        &describe=N (act=error sends an error_description of N characters instead of a short one)
//        &record=ID (records when the page was asked for, under `page:ID` in /api/requests)
//   GET  /provider/redirect?to=URL   a 302 straight to URL (an instant redirect back)

const requests = new Map();

const PAGE_KEYS = ['act', 'after', 'coop', 'xfo', 'forge', 'extra', 'form', 'name', 'describe', 'record'];

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

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

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
  const description = q.has('describe')
    ? 'd'.repeat(Math.min(Number(q.get('describe')) || 0, 16_000))
    : 'Provider is down';
  const targets = {
    approve: redirect ? withParams(redirect, { code: 'auth-code-1', ...(extra ? { extra } : {}) }) : '',
    deny: redirect ? withParams(redirect, { error: 'access_denied' }) : '',
    error: redirect ? withParams(redirect, { error: 'server_error', error_description: description }) : '',
    cancel,
  };
  const forge =
    q.get('forge') === '1'
      ? `const t = window.opener || window.parent;
         const urls = ${JSON.stringify([targets.cancel, targets.error, targets.approve].filter(Boolean))};
         // The same return pages on this page's own origin: a look-alike of the merchant's.
         for (const url of [...urls, ...urls.map((u) => location.origin + u.slice(new URL(u).origin.length))]) {
           t.postMessage({ type: 'hosted-auth-session:complete', url }, '*');
         }
         t.postMessage({ type: 'test:forged' }, '*');`
      : '';
  const reportName =
    q.get('name') === '1' ? `window.opener?.postMessage({ type: 'test:window-name', name: window.name }, '*');` : '';
  const script = `
    const targets = ${JSON.stringify(targets)};
    for (const b of document.querySelectorAll('button[data-go]')) {
      b.addEventListener('click', () => { location.href = targets[b.dataset.go]; });
    }
    ${forge}
    ${reportName}
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

function returnPage(title, callbackScript) {
  const head = callbackScript ? `${callbackScript}</head>` : '</head>';
  return page(title, `<h1>${title}</h1>`).replace('</head>', head);
}

/** Records `req` (with its parsed `body`) under `key` for /api/requests; returns that key's list. */
function record(key, req, body) {
  const list = requests.get(key) ?? [];
  list.push({ method: req.method, headers: req.headers, body, at: Date.now() });
  requests.set(key, list);
  return list;
}

async function createSession(req, res, url) {
  const q = url.searchParams;
  const id = q.get('id') ?? 'default';
  const text = await readBody(req);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const list = record(id, req, body);
  if (q.get('hang') === '1') {
    await new Promise((resolve) => req.on('close', resolve));
    return;
  }
  const delay = Number(q.get('delay') ?? 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const status = Number(q.get('status') ?? 200);
  if (q.has('raw')) {
    send(res, status, q.get('type') ?? 'application/json', q.get('raw'));
    return;
  }
  const port = url.port;
  const state = q.get('urlState') ?? q.get('declare') ?? (body && typeof body === 'object' ? body.state : undefined);
  const appendState = (u) => (u && state && q.get('state') !== '0' ? withParams(u, { state }) : u);
  const pageParams = new URLSearchParams();
  if (body?.redirectUrl) pageParams.set('redirect', appendState(body.redirectUrl));
  if (body?.cancelUrl) pageParams.set('cancel', appendState(body.cancelUrl));
  for (const key of PAGE_KEYS) if (q.has(key)) pageParams.set(key, q.get(key));
  const sessionUrl =
    q.get('hop') === '1'
      ? `http://127.0.0.1:${port}/provider/redirect?to=${encodeURIComponent(
          appendState(withParams(body.redirectUrl, { code: 'instant' })),
        )}`
      : `http://127.0.0.1:${port}/provider/page?${pageParams}`;
  const answer = { url: sessionUrl, sessionId: `sess_${list.length}` };
  if (q.has('declare')) answer.state = q.get('declare');
  send(res, status, 'application/json', JSON.stringify(answer));
}

/**
 * Answers the test routes. `callbackScript` is the tag the return pages load the callback with.
 * Resolves true when it answered, false when the request is not one of its routes.
 */
export async function handleTestRoute(req, res, { callbackScript }) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const onProvider = url.hostname === '127.0.0.1';
  const path = url.pathname;
  if (path === '/api/session' && req.method === 'POST') {
    await createSession(req, res, url);
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/provider/page' && onProvider) {
    const id = url.searchParams.get('record');
    if (id) record(`page:${id}`, req, {});
    const headers = {};
    if (url.searchParams.get('coop') === '1') headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    if (url.searchParams.get('xfo') === '1') headers['X-Frame-Options'] = 'DENY';
    send(res, 200, 'text/html; charset=utf-8', providerPage(url), headers);
    return true;
  }
  if (path === '/provider/redirect' && onProvider) {
    res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' });
    res.end();
    return true;
  }
  const returnPages = {
    '/callback/done': ['Done', callbackScript],
    '/callback/cancel': ['Cancelled', callbackScript],
    '/callback/star': ['Done', `<meta name="hosted-auth-session-target-origin" content="*">${callbackScript}`],
    '/plain/done': ['Done', ''],
    '/plain/cancel': ['Cancelled', ''],
    '/plain/elsewhere': ['Somewhere else', ''],
  };
  if (path in returnPages) {
    const [title, script] = returnPages[path];
    send(res, 200, 'text/html; charset=utf-8', returnPage(title, script));
    return true;
  }
  if (path === '/api/requests') {
    send(res, 200, 'application/json', JSON.stringify(requests.get(url.searchParams.get('id')) ?? []));
    return true;
  }
  return false;
}
