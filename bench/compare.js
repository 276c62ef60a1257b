// The element against the code a careful developer writes by hand (the baseline in
// bench/server.js) and against the floor (the baseline with the request sent before window.open),
// interleaved in one browser: each round runs every variant once, in a rotating order.
//
//   click → provider page request, popup and iframe, endpoint +50 ms; iframe also with an instant
//   endpoint (work done while the backend answers must not cost an endpoint that answers at once)
//   provider redirect → outcome event (callback page), popup and iframe
//   load → ready (button clickable), fresh page each time
//   first click on a fresh page: the npm package in a Vite app against the script-tag bundle,
//   endpoint +50 ms and instant, the click when a person would make it and as soon as possible
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { percentile, round } from './stats.js';

export const COMPARE_LATENCY_MS = 50;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds bench/npm-app (which imports the package as a Vite app would) into bench/.npm-app/. */
export async function buildNpmApp() {
  await build({
    root: fileURLToPath(new URL('./npm-app/', import.meta.url)),
    configFile: false,
    logLevel: 'warn',
    base: '/npm/',
    resolve: { alias: { 'hosted-auth-session': `${root}dist/index.js` } },
    build: { outDir: fileURLToPath(new URL('./.npm-app/', import.meta.url)), emptyOutDir: true, target: 'es2022' },
  });
}

export const stats = (values) => ({
  n: values.length,
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
});

/**
 * The median of the per-round differences a[i] − b[i], with its 95% confidence interval. The
 * variants of a round run back to back, so pairing them leaves out the machine's slower and
 * quicker spells, which move the p50 of each variant by several ms from run to run. The interval
 * is the distribution-free one for a median: the differences ranked k and n + 1 − k, where k is
 * the largest rank with P(Binomial(n, ½) < k) ≤ 2.5%.
 */
export function pairedDifference(a, b) {
  const d = a.map((x, i) => x - b[i]).sort((x, y) => x - y);
  const n = d.length;
  let k = 0;
  for (let j = 0, cdf = 0, term = 0.5 ** n; j < n; j++) {
    cdf += term; // P(X ≤ j)
    if (cdf > 0.025) break;
    k = j + 1;
    term *= (n - j) / (j + 1);
  }
  const median = n % 2 ? d[(n - 1) / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
  return { n, median: round(median), low: k ? round(d[k - 1]) : -Infinity, high: k ? round(d[n - k]) : Infinity };
}

/** In the page: `window.__outcome`, the next outcome (element event or baseline report) with its time. */
function armInPage() {
  window.__createdAt = undefined;
  // The page's clock (timeOrigin + now) against the wall clock the servers stamp with: they part
  // when the system clock is stepped after the page loaded, and this puts them together again.
  window.__clockShift = Date.now() - (performance.timeOrigin + performance.now());
  window.__outcome = new Promise((resolve) => {
    const at = () => performance.timeOrigin + performance.now();
    const el = document.querySelector('hosted-auth-session');
    if (!el) {
      window.__report = (url) => resolve({ type: 'success', at: at(), url });
      return;
    }
    // When the hosted page was sent for (the answer read and checked, the frame shown): the
    // click's work in the page, without the browser's.
    el.addEventListener('session-created', () => (window.__createdAt = at()), { once: true });
    const names = ['session-success', 'session-cancel', 'session-error'];
    const done = (event) => {
      for (const name of names) el.removeEventListener(name, done);
      resolve({
        type: event.type === 'session-success' ? 'success' : event.type,
        at: at(),
        url: event.detail.url ?? '',
      });
    };
    for (const name of names) el.addEventListener(name, done);
  });
}

async function center(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * The browser's own timings of a finished request, in ms since the epoch: when it started (before
 * it was sent) and when its response had fully arrived. They come from the browser's network
 * events, so neither the server's event loop nor the request's way over loopback adds to them.
 */
function networkTimes(request) {
  const { startTime, responseEnd } = request.timing();
  return { url: new URL(request.url()), method: request.method(), start: startTime, end: startTime + responseEnd };
}

/**
 * One flow by a real click: click → provider request, and provider redirect → outcome. Request
 * times are the browser's (`networkTimes`), against the click's time in the page; the page's
 * clock is brought onto the wall clock both are on.
 */
async function clickFlow(variant, server) {
  const { page } = variant;
  await page.evaluate(armInPage);
  const sessionsBefore = server.log.sessions.length;
  // Every finished request of the page's context, popups and frames included, read as it finishes
  // (a popup's requests cannot be read once it has closed).
  const requests = [];
  const seen = (request) => requests.push(networkTimes(request));
  page.context().on('requestfinished', seen);
  const { x, y } = await center(page, variant.selector);
  let result;
  try {
    await page.mouse.click(x, y);
    result = await Promise.race([
      page.evaluate(() => window.__outcome),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`bench: ${variant.name}: no outcome in 10 s`)), 10_000),
      ),
    ]);
  } catch (error) {
    page.context().off('requestfinished', seen);
    throw error;
  }
  if (result.type !== 'success') throw new Error(`bench: ${variant.name} ended with ${result.type}`);
  const params = new URL(result.url).searchParams;
  const flow = Number(params.get('flow'));
  if (!(flow > sessionsBefore)) throw new Error(`bench: ${variant.name} reported another flow`);
  const [pageClickAt, createdAt, shift] = await page.evaluate(() => [
    window.__probe.lastClickAt(),
    window.__createdAt,
    window.__clockShift,
  ]);
  const clickAt = pageClickAt + shift;
  // Popups close themselves or are closed by the page; wait until the page is idle again.
  await page.waitForFunction(() => {
    const el = document.querySelector('hosted-auth-session');
    return !el || (el.status !== 'loading' && el.status !== 'open');
  });
  const find = () => ({
    endpoint: requests.find((r) => r.url.pathname === '/api/session' && r.method === 'POST'),
    provider: requests.find((r) => r.url.pathname === '/provider' && r.url.searchParams.get('flow') === String(flow)),
  });
  // A popup's requests are reported as it goes; the last may come just after the outcome.
  let found = find();
  for (let waited = 0; waited < 1000 && !(found.endpoint && found.provider); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = find();
  }
  page.context().off('requestfinished', seen);
  const { endpoint, provider } = found;
  if (!endpoint || !provider)
    throw new MissedRequest(`bench: ${variant.name}: the endpoint or provider request was not seen`);
  const session = server.log.sessions[flow - 1];
  return {
    open: provider.start - clickAt,
    end: result.at + shift - Number(params.get('t0')),
    // Where click → provider goes: until the endpoint request starts, and from its answer on.
    request: endpoint.start - clickAt,
    after: provider.start - endpoint.end,
    // Click → provider less the endpoint's own time: what the browser and the page's code take.
    own: provider.start - clickAt - (session.answered - session.arrived),
    // The element only: click → session-created (the answer read and checked, the frame shown).
    created: createdAt === undefined ? undefined : createdAt - pageClickAt,
  };
}

/** A flow whose request the browser's network events did not report (rare; the flow is run again). */
class MissedRequest extends Error {}

/**
 * Keeps a page of the provider's origin open in `context`, so that each flow's iframe joins that
 * site's renderer process instead of starting one: 30–150 ms that vary with how soon the last
 * flow's process went away, and would hide the few ms the comparison measures.
 */
async function keepProviderPage(context, server) {
  await (await context.newPage()).goto(`${server.provider}/page`);
}

/** One variant's page in a context of its own (with `keepProvider`, see keepProviderPage). */
async function openVariant(browser, server, probe, { name, path, selector, keepProvider }) {
  const context = await browser.newContext();
  await context.addInitScript(probe);
  if (keepProvider) await keepProviderPage(context, server);
  const page = await context.newPage();
  await page.goto(`${server.merchant}${path}`);
  await page.locator(selector).first().waitFor();
  return { name, context, page, selector };
}

/**
 * Click → provider and redirect → event for the element, the baseline, and the floor (popup) or
 * the baseline with the element's iframe attributes (iframe, `framed` in bench/server.js).
 */
export async function compareFlows(browser, server, probe, { mode, rounds, latency = COMPARE_LATENCY_MS }) {
  const returnUrl = `${server.merchant}/return/callback`;
  const attrs = new URLSearchParams({
    mode,
    endpoint: `/api/session?latency=${latency}`,
    'redirect-url': returnUrl,
    'cancel-url': `${returnUrl}?cancelled=1`,
  });
  const keepProvider = mode === 'iframe';
  const open = (name, path, selector) => openVariant(browser, server, probe, { name, path, selector, keepProvider });
  const variants = [
    await open('element', `/first?${attrs}`, 'hosted-auth-session'),
    await open('baseline', `/baseline?variant=${mode}&latency=${latency}`, 'button'),
  ];
  if (mode === 'popup') {
    variants.push(await open('floor', `/baseline?variant=floor&latency=${latency}`, 'button'));
  } else {
    variants.push(await open('framed', `/baseline?variant=framed&latency=${latency}`, 'button'));
  }
  const keys = ['open', 'end', 'request', 'after', 'own'];
  const samples = Object.fromEntries(variants.map((v) => [v.name, Object.fromEntries(keys.map((key) => [key, []]))]));
  try {
    for (let i = 0; i < rounds; i++) {
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(i + k) % variants.length];
        // Once in some thousand flows Playwright misses a request's event: that flow is run again.
        const flow = await clickFlow(variant, server).catch((error) => {
          if (!(error instanceof MissedRequest)) throw error;
          console.warn(`${error.message}; running that flow again`);
          return clickFlow(variant, server);
        });
        for (const key of keys) samples[variant.name][key].push(flow[key]);
      }
    }
  } finally {
    for (const variant of variants) await variant.context.close();
  }
  return samples;
}

/**
 * Load → ready (the button can be clicked), from the start of navigation, on a page whose script
 * is in the HTTP cache (a first visit adds its download: see the byte figures).
 */
export async function compareReady(browser, server, { rounds }) {
  const samples = { element: { ready: [] }, baseline: { ready: [] } };
  const context = await browser.newContext();
  const page = await context.newPage();
  const load = async (kind) => {
    await page.goto(`${server.merchant}/ready?kind=${kind}`);
    return page.waitForFunction(() => window.__ready).then((handle) => handle.jsonValue());
  };
  try {
    await load('element'); // fills the cache
    for (let i = 0; i < rounds; i++) {
      for (const kind of i % 2 ? ['baseline', 'element'] : ['element', 'baseline'])
        samples[kind].ready.push(await load(kind));
    }
  } finally {
    await context.close();
  }
  return samples;
}

/**
 * The first click on a freshly loaded page, with the HTTP cache off: the npm package built into a
 * Vite app against the script-tag bundle. `settleMs` is how long the page has been on screen
 * before the click: a person needs some hundreds of ms to find the button; 0 is a script's click
 * as soon as the element is ready. In the dialog (iframe mode), in one browser context that also
 * keeps a page of the provider's origin open (keepProviderPage).
 */
export async function compareFirstClick(browser, server, probe, { latency, settleMs, rounds }) {
  const returnUrl = `${server.merchant}/return/callback`;
  const attrs = new URLSearchParams({
    mode: 'iframe',
    endpoint: `/api/session?latency=${latency}`,
    'redirect-url': returnUrl,
    'cancel-url': `${returnUrl}?cancelled=1`,
  });
  const keys = ['open', 'request', 'after', 'own', 'created'];
  const samples = { npm: {}, script: {} };
  for (const route of Object.values(samples)) for (const key of keys) route[key] = [];
  const context = await browser.newContext();
  try {
    await context.addInitScript(probe);
    await keepProviderPage(context, server);
    for (let i = 0; i < rounds; i++) {
      for (const route of i % 2 ? ['script', 'npm'] : ['npm', 'script']) {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await page.goto(`${server.merchant}${route === 'npm' ? '/npm/' : '/first'}?${attrs}`);
        await page.waitForFunction(() => document.querySelector('hosted-auth-session')?.shadowRoot);
        await page.waitForTimeout(settleMs);
        const flow = await clickFlow({ name: route, page, selector: 'hosted-auth-session' }, server);
        for (const key of keys) samples[route][key].push(flow[key]);
        await page.close();
      }
    }
  } finally {
    await context.close();
  }
  return samples;
}

/**
 * Each variant's p50 / p95 per measure, and the paired difference of the variant named `subject`
 * from every other one. `samples` is `{ [variant]: { [measure]: number[] } }`, index i of each
 * array from round i.
 */
export function summarize(samples, subject) {
  const names = Object.keys(samples);
  const keys = Object.keys(samples[subject]);
  const summary = Object.fromEntries(
    names.map((name) => [name, Object.fromEntries(keys.map((key) => [key, stats(samples[name][key])]))]),
  );
  summary.paired = Object.fromEntries(
    names
      .filter((name) => name !== subject)
      .map((name) => [
        name,
        Object.fromEntries(keys.map((key) => [key, pairedDifference(samples[subject][key], samples[name][key])])),
      ]),
  );
  return summary;
}

/** Several runs' samples as one: each array is the runs' arrays one after another, so rounds stay paired. */
export function poolSamples(runs) {
  const [first, ...rest] = runs;
  if (Array.isArray(first)) {
    // Samples are joined; a list of settings (one per first-click row) is pooled item by item.
    if (first.every((value) => typeof value === 'number' || value === null)) return runs.flat();
    if (rest.some((run) => run.length !== first.length)) throw new Error('bench: the runs differ in their rows');
    return first.map((_, i) => poolSamples(runs.map((run) => run[i])));
  }
  if (first && typeof first === 'object') {
    return Object.fromEntries(Object.keys(first).map((key) => [key, poolSamples(runs.map((run) => run[key]))]));
  }
  // Anything else (a latency, a settle time) is the same in every run.
  const other = rest.find((value) => value !== first);
  if (other !== undefined) throw new Error(`bench: the runs differ in a setting (${first} and ${other})`);
  return first;
}
