// `npm run bench`: what the element costs a user, measured in the system Chromium against a
// loopback server (bench/server.js). Prints a table and writes bench/results.json; with
// `--analyze` it also lists what each kilobyte of the script-tag bundle is (bench/analyze.js).
//
//   1. bytes: gzip and brotli of the two script-tag bundles and of the npm ES entry (minified,
//      Lit and zod external);
//   2. element: parse + run of the bundle (defines the element), 1,000 elements created and
//      rendered, memory per element;
//   3. gesture: `window.open` runs while the user's click is still being dispatched (proved with
//      the popup blocker on, next to a control that is blocked);
//   4. click → the provider page's first request, with and without `prefetch`, against a merchant
//      endpoint that takes 100 ms;
//   5. provider redirect → `session-success`, through the callback page and through polling only,
//      and what one poll tick costs while the popup shows the provider's (cross-origin) page;
//   6. 1,000 flows in one page: heap and live handles before and after;
//   7. against the code a careful developer writes by hand and against the floor, interleaved in
//      one browser (bench/compare.js): click → provider (the iframe also with an instant endpoint),
//      redirect → event, load → ready, and the npm package's first click against the script-tag
//      bundle's.
//
// `npm run bench -- --compare` runs only step 7 (and the build it needs), and keeps its samples in
// bench/compare-runs/; `npm run bench -- --pool` prints the comparison of all the kept runs of the
// current build together.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureBuild } from '../demo/serve.js';
import { chromeArgs, findChrome } from '../scripts/find-chrome.js';
import { measureSizes } from '../scripts/sizes.js';
import { analyzeBundle, formatAnalysis } from './analyze.js';
import {
  buildNpmApp,
  COMPARE_LATENCY_MS,
  compareFirstClick,
  compareFlows,
  compareReady,
  poolSamples,
  summarize,
} from './compare.js';
import { installProbe } from './probe.js';
import { startBenchServer } from './server.js';
import { percentile, round } from './stats.js';

const ENDPOINT_LATENCY_MS = 100;
const FLOWS_PER_GROUP = 50;
const ELEMENTS = 1000;
/** Fresh pages for the element figures (their median is reported). */
const ELEMENT_RUNS = 3;
const LEAK_FLOWS = 1000;
/** Popup flows whose provider page stays this long (cross-origin), to time the poll ticks. */
const POLL_FLOWS = 3;
const POLL_HOLD_MS = 1000;
/** In the leak loop, one flow in this many is a popup opened by a click; the rest are iframes. */
const LEAK_BATCH = 20;
/** Every step has this long at most; the whole bench is bounded by these loops and this. */
const STEP_TIMEOUT_MS = 15_000;

/**
 * Rounds of the comparison: each runs every variant once. A popup's answer → provider request
 * spreads over 20–60 ms in every variant (the browser making the window), so its differences
 * need more rounds than the iframe's to be told apart from a few ms.
 */
const POPUP_ROUNDS = 200;
const COMPARE_ROUNDS = 120;
const READY_ROUNDS = 20;
const FIRST_CLICK_ROUNDS = 60;
/** How long a page is on screen before a person's first click, at the least: finding the button. */
const HUMAN_SETTLE_MS = 500;

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
/** Every comparison run's samples, one file each, for `--pool`. */
const runsDir = fileURLToPath(new URL('./compare-runs/', import.meta.url));
/**
 * How a kept run's samples were taken; runs are pooled only with runs taken the same way. 2: the
 * requests' times are the browser's network timings (they were the servers' arrival times); 3:
 * the iframe rows also run the baseline with the element's iframe attributes.
 */
const SAMPLES_METHOD = 3;
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

function summary(values) {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(predicate, what, timeout = STEP_TIMEOUT_MS) {
  const end = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A fresh page on the merchant origin with the probe installed and (unless `bare`) the bundle loaded. */
async function openPage(browser, server, { bare = false } = {}) {
  const context = await browser.newContext();
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.merchant}/page${bare ? '' : '?bundle=1'}`);
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp, errors };
}

/** JS heap (V8 plus Blink's garbage-collected DOM heap) after a full GC, and DOM counters. */
async function memory(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    heapBytes: heap.usedSize + (heap.embedderHeapUsedSize ?? 0),
    nodes: metric('Nodes'),
    jsEventListeners: metric('JSEventListeners'),
    documents: metric('Documents'),
    frames: metric('Frames'),
  };
}

/**
 * What the browser keeps for its own bookkeeping, not for the page's code: DevTools' network
 * agent records every request while a driver like Playwright is attached (3 per flow here, freed
 * only on detach), and the performance timeline keeps its entries (resource, event, long-task
 * timing). Heap snapshots of the leak loop show these as the only objects that grow with the
 * number of flows, next to compiled code.
 */
const BOOKKEEPING = ['blink::NetworkResourcesData', 'Performance', 'TaskAttributionTiming'];

/**
 * Bytes on the heap (V8 and Blink's DOM heap) by a heap snapshot, without the bookkeeping above:
 * `heapBytes` the objects, `codeBytes` the compiled code (it grows while the JIT warms up).
 */
async function snapshotHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks = [];
  const onChunk = (event) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { snapshot, nodes, strings } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const width = fields.length;
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const typeAt = fields.indexOf('type');
  const codeType = snapshot.meta.node_types[typeAt].indexOf('code');
  let objects = 0;
  let code = 0;
  let bookkeeping = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const size = nodes[i + sizeAt];
    const name = strings[nodes[i + nameAt]];
    if (BOOKKEEPING.some((prefix) => name.startsWith(prefix))) bookkeeping += size;
    else if (nodes[i + typeAt] === codeType) code += size;
    else objects += size;
  }
  return { heapBytes: objects, codeBytes: code, bookkeepingBytes: bookkeeping };
}

/** Adds one element to the page with these attributes; resolves when it has rendered. */
async function addElement(page, attributes) {
  await page.evaluate(async (attrs) => {
    document.querySelector('hosted-auth-session')?.remove();
    const el = document.createElement('hosted-auth-session');
    for (const [name, value] of Object.entries(attrs)) {
      if (value === true) el.setAttribute(name, '');
      else el.setAttribute(name, String(value));
    }
    el.textContent = 'Verify';
    document.body.append(el);
    await el.updateComplete;
  }, attributes);
  const box = await page.locator('hosted-auth-session').boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** In the page: a promise of the element's next terminal event, as `window.__outcome`. */
function armOutcomeInPage() {
  const el = document.querySelector('hosted-auth-session');
  window.__outcome = new Promise((resolve) => {
    const names = ['session-success', 'session-cancel', 'session-error'];
    const done = (event) => {
      const at = performance.timeOrigin + performance.now();
      for (const name of names) el.removeEventListener(name, done);
      const { params = {}, code, reason } = event.detail;
      resolve({ type: event.type, at, params, code, reason });
    };
    for (const name of names) el.addEventListener(name, done);
  });
}

const armOutcome = (page) => page.evaluate(armOutcomeInPage);

/** The outcome `armOutcome` waited for (the time limit is kept here, not as a timer in the page). */
async function outcome(page, read = () => page.evaluate(() => window.__outcome)) {
  let timer;
  try {
    return await Promise.race([
      read(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('bench: no outcome within 10 s')), 10_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Evaluates `fn(arg)` in the page without a user gesture. (Playwright's own `evaluate` runs as a
 * user gesture, which would give the page the transient activation the popup blocker looks for.)
 */
async function evaluateWithoutGesture(cdp, fn, arg) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: `(${fn})(${JSON.stringify(arg ?? null)})`,
    awaitPromise: true,
    returnByValue: true,
    userGesture: false,
  });
  if (exceptionDetails) throw new Error(`bench: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

// ---------------------------------------------------------------------------------------------

async function benchElement(browser, server) {
  const runs = [];
  for (let i = 0; i < ELEMENT_RUNS; i++) {
    const { context, page, cdp, errors } = await openPage(browser, server, { bare: true });
    const source = await (await fetch(`${server.merchant}/dist/hosted-auth-session.iife.js`)).text();
    const define = await page.evaluate((text) => {
      const script = document.createElement('script');
      script.textContent = text;
      const start = performance.now();
      document.head.append(script);
      return performance.now() - start;
    }, source);
    const before = await memory(cdp);
    const render = await page.evaluate(async (count) => {
      const box = document.createElement('div');
      document.body.append(box);
      const start = performance.now();
      for (let n = 0; n < count; n++) {
        const el = document.createElement('hosted-auth-session');
        el.setAttribute('endpoint', '/api/session');
        el.setAttribute('redirect-url', `${location.origin}/return/callback`);
        el.textContent = 'Verify';
        box.append(el);
      }
      await Promise.all([...box.children].map((el) => el.updateComplete));
      void box.offsetHeight; // style and layout of the rendered buttons
      return performance.now() - start;
    }, ELEMENTS);
    const after = await memory(cdp);
    if (errors.length) throw new Error(`bench: page errors: ${errors.join('; ')}`);
    runs.push({
      defineMs: define,
      renderMs: render,
      bytesPerElement: (after.heapBytes - before.heapBytes) / ELEMENTS,
      nodesPerElement: (after.nodes - before.nodes) / ELEMENTS,
    });
    await context.close();
  }
  const median = (key) =>
    round(
      percentile(
        runs.map((run) => run[key]),
        50,
      ),
      2,
    );
  return {
    runs: runs.length,
    defineMs: median('defineMs'),
    render1000Ms: median('renderMs'),
    bytesPerElement: Math.round(median('bytesPerElement')),
    nodesPerElement: median('nodesPerElement'),
  };
}

async function benchGesture(browser, server) {
  const { context, page, cdp, errors } = await openPage(browser, server);
  // Everything here runs without a user gesture, so the only activation the page ever gets is
  // the real click below, and the popup blocker (on) judges both calls for real.
  const button = await evaluateWithoutGesture(
    cdp,
    async (redirect) => {
      const el = document.createElement('hosted-auth-session');
      el.setAttribute('endpoint', '/api/session');
      el.setAttribute('redirect-url', redirect);
      el.textContent = 'Verify';
      document.body.append(el);
      await el.updateComplete;
      const box = el.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    },
    `${server.merchant}/return/callback`,
  );
  const arm = () => evaluateWithoutGesture(cdp, armOutcomeInPage);
  const read = () => outcome(page, () => evaluateWithoutGesture(cdp, () => window.__outcome));
  // Control: start() from a timer, outside any click.
  await arm();
  await evaluateWithoutGesture(cdp, () => {
    setTimeout(
      () =>
        document
          .querySelector('hosted-auth-session')
          .start()
          .catch(() => {}),
      0,
    );
  });
  const control = await read();
  // The real thing: a trusted click on the element's button.
  await arm();
  await page.mouse.click(button.x, button.y);
  const clicked = await read();
  const opens = await evaluateWithoutGesture(cdp, () => window.__probe.opens);
  if (errors.length) throw new Error(`bench: page errors: ${errors.join('; ')}`);
  await context.close();
  return {
    popupBlocker: 'on',
    control: { ...opens[0], outcome: `${control.type} ${control.code ?? ''}`.trim() },
    click: { ...opens[1], outcome: clicked.type },
    proved:
      opens[0]?.insideClickDispatch === false &&
      opens[0]?.opened === false &&
      opens[1]?.insideClickDispatch === true &&
      opens[1]?.trustedClick === true &&
      opens[1]?.opened === true &&
      clicked.type === 'session-success',
  };
}

/** `count` popup flows started by real clicks; per flow: click → provider request, redirect → outcome. */
async function benchFlows(browser, server, { count, prefetch, returnPage, pollInterval }) {
  const { context, page, errors } = await openPage(browser, server);
  const attributes = {
    endpoint: `/api/session?latency=${ENDPOINT_LATENCY_MS}`,
    'redirect-url': `${server.merchant}/return/${returnPage}`,
    'cancel-url': `${server.merchant}/return/${returnPage}?cancelled=1`,
    ...(pollInterval ? { 'poll-interval': pollInterval } : {}),
    ...(prefetch ? { prefetch: true } : {}),
  };
  const button = await addElement(page, attributes);
  const open = [];
  const end = [];
  let prefetchUsed = 0;
  let needArrivals = 1; // with prefetch: the element asks for a session as soon as it is connected
  for (let i = 0; i < count; i++) {
    if (prefetch) {
      // The session the element prefetched after the last flow (or on connect) has arrived.
      await until(
        () =>
          server.log.sessions.length >= needArrivals &&
          server.log.pending === 0 &&
          server.log.lastAnswered + 25 < Date.now(),
        'the prefetched session',
      );
    }
    await armOutcome(page);
    const arrivalsAtClick = server.log.sessions.length;
    await page.mouse.click(button.x, button.y);
    const result = await outcome(page);
    if (result.type !== 'session-success')
      throw new Error(`bench: flow ended with ${result.type} ${result.code ?? ''}`);
    const flow = Number(result.params.flow);
    const clickAt = await page.evaluate(() => window.__probe.lastClickAt());
    open.push(server.log.provider.get(flow) - clickAt);
    end.push(result.at - Number(result.params.t0));
    const fetchedOnClick = flow > arrivalsAtClick;
    if (!fetchedOnClick) prefetchUsed += 1;
    needArrivals = arrivalsAtClick + (fetchedOnClick ? 2 : 1);
    // The element has closed its popup before the next click.
    await until(
      () => page.evaluate(() => document.querySelector('hosted-auth-session').status === 'success'),
      'status',
    );
  }
  if (errors.length) throw new Error(`bench: page errors: ${errors.join('; ')}`);
  await context.close();
  return { open: summary(open), end: summary(end), prefetchUsed };
}

/** The cost of one poll tick while the flow's popup shows a cross-origin page (read: refused). */
async function benchPolling(browser, server) {
  const { context, page, errors } = await openPage(browser, server);
  const button = await addElement(page, {
    endpoint: `/api/session?hold=${POLL_HOLD_MS}`,
    'redirect-url': `${server.merchant}/return/plain`,
  });
  await page.evaluate(() => window.__probe.recordTicks(true));
  for (let i = 0; i < POLL_FLOWS; i++) {
    await armOutcome(page);
    await page.mouse.click(button.x, button.y);
    const result = await outcome(page);
    if (result.type !== 'session-success') throw new Error(`bench: a polled flow ended with ${result.type}`);
  }
  const ticks = await page.evaluate(() => window.__probe.ticks.map((ms) => ms * 1000));
  if (errors.length) throw new Error(`bench: page errors: ${errors.join('; ')}`);
  await context.close();
  return { flows: POLL_FLOWS, holdMs: POLL_HOLD_MS, tickMicroseconds: summary(ticks) };
}

async function benchLeaks(browser, server) {
  const { context, page, cdp, errors } = await openPage(browser, server);
  // direct=1: the session URL is the return page itself, so a flow costs no provider round trip.
  const button = await addElement(page, {
    endpoint: '/api/session?direct=1',
    'redirect-url': `${server.merchant}/return/callback`,
    'cancel-url': `${server.merchant}/return/callback?cancelled=1`,
    'poll-interval': 20,
  });
  // A batch: one flow in a real popup opened by a click, then the rest in the dialog iframe,
  // run back to back inside the page.
  const batch = async (size) => {
    await page.evaluate(() => {
      document.querySelector('hosted-auth-session').mode = 'popup';
    });
    await armOutcome(page);
    await page.mouse.click(button.x, button.y);
    const popup = await outcome(page);
    if (popup.type !== 'session-success')
      throw new Error(`bench: a popup flow ended with ${popup.type} ${popup.code ?? ''}`);
    const failures = await page.evaluate(async (count) => {
      const el = document.querySelector('hosted-auth-session');
      el.mode = 'iframe';
      const failed = [];
      for (let n = 0; n < count; n++) {
        const result = await el.start().catch((error) => ({ status: `error ${error.code}` }));
        if (result.status !== 'success') failed.push(result.status);
      }
      return failed;
    }, size - 1);
    if (failures.length) throw new Error(`bench: iframe flows ended with ${failures.join(', ')}`);
  };
  const settle = () => sleep(600); // longer than any timer the element may still have running
  await batch(LEAK_BATCH); // warm-up: Lit's template caches, the JIT, the first popup
  await settle();
  const counts = async () => ({
    ...(await memory(cdp)),
    ...(await snapshotHeap(cdp)),
    ...(await page.evaluate(() => window.__probe.live())),
  });
  const before = await counts();
  const start = Date.now();
  for (let done = 0; done < LEAK_FLOWS; done += LEAK_BATCH) await batch(LEAK_BATCH);
  const seconds = (Date.now() - start) / 1000;
  await settle();
  const after = await counts();
  const shadow = await page.evaluate(
    () => document.querySelector('hosted-auth-session').shadowRoot.querySelectorAll('dialog, iframe').length,
  );
  if (errors.length) throw new Error(`bench: page errors: ${errors.join('; ')}`);
  await context.close();
  return {
    flows: LEAK_FLOWS,
    popups: LEAK_FLOWS / LEAK_BATCH,
    seconds: round(seconds),
    before,
    after,
    leftInShadowRoot: shadow,
  };
}

// ---------------------------------------------------------------------------------------------

function table(rows) {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => String(row[col]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => String(cell).padEnd(widths[col]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function report(results) {
  const lines = [];
  lines.push(`hosted-auth-session bench — ${results.browser}, node ${results.node}, ${results.date}`);
  lines.push('');
  lines.push(
    table([
      ['bundle', 'raw', 'gzip -9', 'brotli 11', 'gzip budget'],
      ...results.sizes.map((s) => [
        s.name,
        s.raw,
        s.gzip,
        s.brotli,
        s.budget === undefined ? '' : `${s.budget} (${s.gzip <= s.budget ? 'ok' : `over by ${s.gzip - s.budget}`})`,
      ]),
    ]),
  );
  const part = (group) => results.analysis.rows.find((row) => row.group === group)?.gzip ?? 0;
  lines.push(
    `IIFE by origin (gzip bytes each part adds; \`npm run bench -- --analyze\` lists every module): ` +
      `Lit ${part('Lit')}, this package's src/ ${results.analysis.ours.gzip}`,
  );
  lines.push('');
  const e = results.element;
  const g = results.gesture;
  const f = results.flows;
  const l = results.leaks;
  const p = results.polling;
  const row = (what, s, note = '') => [what, s.n, `${s.p50} ms`, `${s.p95} ms`, note];
  lines.push(
    table([
      ['measure', 'n', 'p50', 'p95', 'note'],
      ['define (parse + run the IIFE)', e.runs, `${e.defineMs} ms`, '', 'median of fresh pages'],
      [
        `${ELEMENTS} elements: create + first render`,
        e.runs,
        `${e.render1000Ms} ms`,
        '',
        `${round((e.render1000Ms * 1000) / ELEMENTS)} µs per element`,
      ],
      [
        'memory per element',
        e.runs,
        `${e.bytesPerElement} B`,
        '',
        `${e.nodesPerElement} DOM nodes each (host + shadow)`,
      ],
      row(`click → provider request (endpoint +${ENDPOINT_LATENCY_MS} ms)`, f.noPrefetch.open, 'no prefetch'),
      row(
        `click → provider request (endpoint +${ENDPOINT_LATENCY_MS} ms)`,
        f.prefetch.open,
        `prefetch (${f.prefetch.prefetchUsed}/${f.prefetch.open.n} clicks used it)`,
      ),
      row('provider redirect → session-success', f.noPrefetch.end, 'callback page (polling off)'),
      row('provider redirect → session-success', f.polling.end, 'polling only (poll-interval 100)'),
      [
        'one poll tick (popup on a cross-origin page)',
        p.tickMicroseconds.n,
        `${p.tickMicroseconds.p50} µs`,
        `${p.tickMicroseconds.p95} µs`,
        `mean of 100 back-to-back runs; ${p.flows} flows, provider page shown ${p.holdMs} ms each`,
      ],
    ]),
  );
  lines.push('');
  lines.push(
    `window.open inside the click's dispatch (popup blocker on): ${g.proved ? 'proved' : 'NOT PROVED'} — ` +
      `click: inside dispatch ${g.click.insideClickDispatch}, trusted ${g.click.trustedClick}, opened ${g.click.opened}; ` +
      `control (start() from a timer): inside dispatch ${g.control.insideClickDispatch}, opened ${g.control.opened} → ${g.control.outcome}`,
  );
  lines.push('');
  const keys = [
    'heapBytes',
    'codeBytes',
    'nodes',
    'jsEventListeners',
    'documents',
    'frames',
    'listeners',
    'intervals',
    'pendingTimeouts',
    'channels',
    'openPopups',
  ];
  const heading = { heapBytes: 'heap', codeBytes: 'JIT code' };
  const cell = (counts, key) => (key in heading ? kb(counts[key]) : counts[key]);
  lines.push(
    `${l.flows} flows in one page (${l.seconds} s; ${l.popups} in popups opened by clicks, the rest in the dialog iframe):`,
  );
  lines.push(
    table([
      ['', ...keys.map((k) => heading[k] ?? k)],
      ['before', ...keys.map((k) => cell(l.before, k))],
      ['after', ...keys.map((k) => cell(l.after, k))],
    ]),
  );
  return lines.join('\n');
}

/**
 * The comparison table: element, baseline, floor (popup) and the baseline with the same iframe
 * (iframe) side by side (p50 / p95), then the element's difference from each as the median of
 * per-round differences with its 95% confidence interval.
 */
function compareReport(c) {
  const cell = (s) => (s ? `${s.p50} / ${s.p95}` : '');
  const sign = (n) => `${n >= 0 ? '+' : ''}${n}`;
  const interval = (d) => (Number.isFinite(d.low) ? `[${sign(d.low)}, ${sign(d.high)}]` : '[too few rounds]');
  const diff = (d) => (d ? `${sign(d.median)} ${interval(d)}` : '');
  const ratio = (a, b) => (a && b ? (a.p50 / b.p50).toFixed(2) : '');
  const rows = [
    [
      'measure (p50 / p95 ms)',
      'element',
      'baseline',
      'floor',
      'same iframe',
      'element − baseline',
      'element − floor',
      'element − same iframe',
      'element ÷ baseline',
    ],
  ];
  const flowRow = (label, key, r) => [
    label,
    cell(r.element[key]),
    cell(r.baseline[key]),
    cell(r.floor?.[key]),
    cell(r.framed?.[key]),
    diff(r.paired.baseline[key]),
    diff(r.paired.floor?.[key]),
    diff(r.paired.framed?.[key]),
    ratio(r.element[key], r.baseline[key]),
  ];
  const { rounds } = c;
  const latency = `endpoint +${COMPARE_LATENCY_MS} ms`;
  rows.push(flowRow(`popup: click → provider request (${latency}, ${rounds.popup} rounds)`, 'open', c.popup));
  rows.push(flowRow(`iframe: click → provider request (${latency}, ${rounds.iframe} rounds)`, 'open', c.iframe));
  rows.push(
    flowRow(
      `iframe: click → provider request (endpoint +0 ms, ${rounds.iframeInstant} rounds)`,
      'open',
      c.iframeInstant,
    ),
  );
  rows.push(flowRow('popup: … click → endpoint request starts', 'request', c.popup));
  rows.push(flowRow('popup: … endpoint answer → provider request', 'after', c.popup));
  rows.push(flowRow("popup: … click → provider less the endpoint's own time", 'own', c.popup));
  rows.push(flowRow('iframe: … click → endpoint request starts', 'request', c.iframe));
  rows.push(flowRow('iframe: … endpoint answer → provider request', 'after', c.iframe));
  rows.push(flowRow("iframe: … click → provider less the endpoint's own time", 'own', c.iframe));
  rows.push(flowRow('iframe, endpoint +0 ms: … endpoint answer → provider request', 'after', c.iframeInstant));
  rows.push(flowRow('popup: provider redirect → event', 'end', c.popup));
  rows.push(flowRow('iframe: provider redirect → event', 'end', c.iframe));
  rows.push([
    `load → ready (fresh page, ${rounds.ready} rounds)`,
    cell(c.ready.element.ready),
    cell(c.ready.baseline.ready),
    '',
    '',
    diff(c.ready.paired.baseline.ready),
    '',
    '',
    ratio(c.ready.element.ready, c.ready.baseline.ready),
  ]);
  const first = [
    [
      `first click → provider request (fresh page, iframe, ${rounds.firstClick} rounds)`,
      'npm app (Vite)',
      'script-tag bundle',
      'npm − script tag',
    ],
  ];
  const parts = {
    open: '',
    request: ' … click → endpoint request starts',
    after: ' … endpoint answer → provider request',
    own: " … click → provider less the endpoint's own time",
    created: ' … click → session-created (in the page)',
  };
  for (const r of c.firstClick) {
    const when = r.settleMs ? `clicked ${r.settleMs} ms after ready` : 'clicked as soon as ready';
    for (const [key, label] of Object.entries(parts)) {
      const heading = key === 'open' ? `endpoint +${r.latency} ms, ${when}` : label;
      first.push([heading, cell(r.npm[key]), cell(r.script[key]), diff(r.paired.script[key])]);
    }
  }
  const note =
    'Differences: the median of the per-round differences (the variants of a round run back to back) ' +
    '[its 95% confidence interval], in ms.';
  return `${table(rows)}\n\n${table(first)}\n\n${note}`;
}

/** Runs the comparison; returns its samples (see `summarizeCompare`). */
async function compareAll(browser, server) {
  await buildNpmApp();
  const popup = await compareFlows(browser, server, installProbe, { mode: 'popup', rounds: POPUP_ROUNDS });
  const iframe = await compareFlows(browser, server, installProbe, { mode: 'iframe', rounds: COMPARE_ROUNDS });
  const iframeInstant = await compareFlows(browser, server, installProbe, {
    mode: 'iframe',
    rounds: COMPARE_ROUNDS,
    latency: 0,
  });
  const ready = await compareReady(browser, server, { rounds: READY_ROUNDS });
  const firstClick = [];
  // A person's click, with either endpoint; then a script's, with the endpoint that leaves least time.
  for (const [settleMs, latency] of [
    [HUMAN_SETTLE_MS, COMPARE_LATENCY_MS],
    [HUMAN_SETTLE_MS, 0],
    [0, 0],
  ]) {
    const options = { latency, settleMs, rounds: FIRST_CLICK_ROUNDS };
    firstClick.push({ latency, settleMs, samples: await compareFirstClick(browser, server, installProbe, options) });
  }
  const rounds = {
    popup: POPUP_ROUNDS,
    iframe: COMPARE_ROUNDS,
    iframeInstant: COMPARE_ROUNDS,
    ready: READY_ROUNDS,
    firstClick: FIRST_CLICK_ROUNDS,
  };
  return { rounds, popup, iframe, iframeInstant, ready, firstClick };
}

/** What the comparison report shows, from a run's samples (or several runs' pooled). */
function summarizeCompare(run) {
  return {
    rounds: run.rounds,
    popup: summarize(run.popup, 'element'),
    iframe: summarize(run.iframe, 'element'),
    iframeInstant: summarize(run.iframeInstant, 'element'),
    ready: summarize(run.ready, 'element'),
    firstClick: run.firstClick.map(({ latency, settleMs, samples }) => ({
      latency,
      settleMs,
      ...summarize(samples, 'npm'),
    })),
  };
}

/** The built files a comparison measures: runs are pooled only with runs of the same build. */
function buildKey() {
  const hash = createHash('sha256');
  for (const name of readdirSync(distDir)
    .filter((file) => file.endsWith('.js'))
    .sort()) {
    hash.update(name).update(readFileSync(`${distDir}${name}`));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Keeps a comparison run's samples in bench/compare-runs/ (git-ignored). */
function saveCompareRun(run) {
  mkdirSync(runsDir, { recursive: true });
  const date = new Date().toISOString();
  const file = `${runsDir}${date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify({ date, build: buildKey(), method: SAMPLES_METHOD, ...run })}\n`);
  return file;
}

/**
 * `--pool`: every saved comparison run of the current build as one, its rounds one after another
 * (each stays paired). Run-to-run differences of a few ms, as large as the goals' margins, shrink
 * with the rounds pooled.
 */
function pooledRuns() {
  const build = buildKey();
  if (!existsSync(runsDir))
    throw new Error('bench: no comparison run kept yet: run `npm run bench -- --compare` first');
  const names = readdirSync(runsDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
  const runs = names
    .map((name) => JSON.parse(readFileSync(`${runsDir}${name}`, 'utf8')))
    .filter((run) => run.build === build && run.method === SAMPLES_METHOD);
  if (runs.length === 0)
    throw new Error(`bench: no comparison run of this build (${build}) and this bench's method in ${runsDir}`);
  const rounds = Object.fromEntries(
    Object.keys(runs[0].rounds).map((key) => [key, runs.reduce((sum, run) => sum + run.rounds[key], 0)]),
  );
  const pooled = poolSamples(
    runs.map(({ popup, iframe, iframeInstant, ready, firstClick }) => ({
      popup,
      iframe,
      iframeInstant,
      ready,
      firstClick,
    })),
  );
  return { runs: runs.map((run) => run.date), run: { ...pooled, rounds } };
}

async function main() {
  const started = Date.now();
  ensureBuild({ log: (line) => process.stdout.write(`${line}\n`) });
  if (process.argv.includes('--pool')) {
    const { runs, run } = pooledRuns();
    process.stdout.write(`${runs.length} comparison runs of this build pooled: ${runs.join(', ')}\n\n`);
    process.stdout.write(`${compareReport(summarizeCompare(run))}\n`);
    return;
  }
  const sizes = await measureSizes();
  const analysis = await analyzeBundle();
  const server = await startBenchServer();
  const browser = await chromium.launch({
    executablePath: findChrome(),
    args: chromeArgs(),
    headless: true,
    // The real popup blocker, so the gesture proof means something.
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
  const timings = {};
  const timed = async (name, fn) => {
    const start = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = round((Date.now() - start) / 1000);
    }
  };
  try {
    if (process.argv.includes('--compare')) {
      const run = await timed('compare', () => compareAll(browser, server));
      const file = saveCompareRun(run);
      const took = round((Date.now() - started) / 1000);
      process.stdout.write(`${compareReport(summarizeCompare(run))}\n\nbench took ${took} s; samples in ${file}\n`);
      return;
    }
    const element = await timed('element', () => benchElement(browser, server));
    const gesture = await timed('gesture', () => benchGesture(browser, server));
    const group = (options) => benchFlows(browser, server, { count: FLOWS_PER_GROUP, ...options });
    const flows = await timed('flows', async () => ({
      noPrefetch: await group({ prefetch: false, returnPage: 'callback', pollInterval: 60_000 }),
      prefetch: await group({ prefetch: true, returnPage: 'callback', pollInterval: 60_000 }),
      polling: await group({ prefetch: false, returnPage: 'plain', pollInterval: 100 }),
    }));
    const polling = await timed('polling', () => benchPolling(browser, server));
    const leaks = await timed('leaks', () => benchLeaks(browser, server));
    const compareRun = await timed('compare', () => compareAll(browser, server));
    saveCompareRun(compareRun);
    const compare = summarizeCompare(compareRun);
    const results = {
      date: new Date().toISOString(),
      browser: `Chromium ${browser.version()}`,
      node: process.version,
      endpointLatencyMs: ENDPOINT_LATENCY_MS,
      sizes,
      analysis,
      element,
      gesture,
      flows,
      polling,
      leaks,
      compare,
      timings,
      seconds: round((Date.now() - started) / 1000),
    };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    const details = process.argv.includes('--analyze') ? `\n\n${formatAnalysis(analysis)}` : '';
    process.stdout.write(
      `${report(results)}\n\n${compareReport(compare)}${details}\n\nbench took ${results.seconds} s; results in bench/results.json\n`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
