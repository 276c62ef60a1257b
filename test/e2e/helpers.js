// End-to-end helpers: the demo started in-process on free ports, the system Chromium, and a
// person's view of the playground — radios, the element's button, the hosted page, the event log.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startDemo } from '../../demo/serve.js';
import { chromeArgs, findChrome } from '../../scripts/find-chrome.js';

export const TERMINAL_EVENTS = ['session-success', 'session-cancel', 'session-error'];
const TERMINAL_SELECTOR = TERMINAL_EVENTS.map((name) => `[data-event="${name}"]`).join(', ');

/** How long any single step may take before the test fails. */
export const STEP_TIMEOUT = 10_000;

/**
 * One demo (started with `demoOptions`) and one browser for the whole file; `env.demo` and
 * `env.browser` are set in `before`. Contexts are per test (see `openPage`).
 */
export function useDemo(demoOptions = {}) {
  const env = { demo: undefined, browser: undefined };
  before(async () => {
    // Both settle before a failure is thrown, so `after` can close whichever did start.
    const results = await Promise.allSettled([
      startDemo({ port: 0, ...demoOptions }).then((demo) => (env.demo = demo)),
      chromium
        .launch({ executablePath: findChrome(), args: chromeArgs(), headless: true })
        .then((browser) => (env.browser = browser)),
    ]);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  });
  after(async () => {
    await Promise.all([env.browser?.close(), env.demo?.close()]);
  });
  return env;
}

/**
 * A fresh browser context with `path` open. Collects page errors and CSP violations from every
 * page of the context (popups too); `done()` asserts there were none and closes the context.
 */
export async function openPage(env, path = '/', { ready = 'body[data-ready="true"]', ...contextOptions } = {}) {
  const context = await env.browser.newContext(contextOptions);
  context.setDefaultTimeout(STEP_TIMEOUT);
  const problems = [];
  const watch = (page) => {
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) {
        problems.push(`${page.url()}: ${message.text()}`);
      }
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  await page.goto(new URL(path, env.demo.url).href);
  if (ready) await page.locator(ready).first().waitFor();
  return {
    context,
    page,
    problems,
    async done() {
      try {
        assert.deepEqual(problems, [], 'no page errors and no CSP violations');
      } finally {
        await context.close();
      }
    },
  };
}

/** Picks the playground's options the way a person does: by their labels. */
export async function choose(page, { provider, mode, onWindowClosed, scenario }) {
  if (provider) await page.locator('#provider-options').getByRole('radio', { name: PROVIDER_LABELS[provider] }).check();
  if (mode) await page.locator('#mode-options').getByRole('radio', { name: mode, exact: true }).check();
  if (onWindowClosed)
    await page.locator('#closed-field').getByRole('radio', { name: onWindowClosed, exact: true }).check();
  if (scenario) await page.getByLabel('Backend scenario').selectOption({ label: scenario });
}

export const PROVIDER_LABELS = {
  ultrapass: /^UltrapassId/,
  fiskil: /^Fiskil/,
  complycube: /^ComplyCube/,
  ulm: /^ULM Cloud/,
  oidc: /^OpenID Connect/,
};

/** The label of the element's button on the playground, per provider. */
export const BUTTONS = {
  ultrapass: 'Sign in with UltrapassId',
  fiskil: 'Connect your bank',
  complycube: 'Verify your identity',
  ulm: 'Sign in with ULM',
  oidc: 'Sign in with OpenID',
};

/** The element's own button (inside its shadow root), found by its visible label. */
export function flowButton(scope, name) {
  return scope.locator('hosted-auth-session').getByRole('button', { name });
}

/** Clicks the flow button of a popup flow and returns the popup page. */
export async function clickForPopup(page, button) {
  const popup = page.waitForEvent('popup');
  await button.click();
  return popup;
}

/** The hosted page inside the element's iframe (dialog or inline). */
export function hostedFrame(scope) {
  return scope.locator('hosted-auth-session iframe').contentFrame();
}

/**
 * Clicks the button `#id` of the provider's hosted page in `hosted` (a popup or the element's
 * frame) and makes sure the page received it. On a loaded machine Chromium can route a click
 * aimed at a cross-origin frame that has only just appeared to the page around it (seen on a
 * loaded machine: the test's click returned, the hosted page saw no pointer event at all, and
 * the flow waited for an action that never came), so a click that did not land is repeated. The
 * hosted page marks the button it acts on with aria-busy and then leaves, either of which shows
 * that the click landed; a repeated click can therefore never act twice.
 */
export async function clickHosted(hosted, id) {
  const button = hosted.locator(`#${id}`);
  const landed = () =>
    Promise.all([hosted.locator('button[aria-busy="true"]').count(), button.count()]).then(
      ([busy, present]) => busy > 0 || present === 0,
      () => true, // the popup closed or the frame went away: the click was acted on
    );
  for (let attempt = 1; attempt <= 3; attempt++) {
    await button.click();
    for (const deadline = Date.now() + 2000; Date.now() < deadline;) {
      if (await landed()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the hosted page did not receive any of three clicks on #${id}`);
}

/**
 * Picks `choice` on the playground, presses the element's button and waits for the provider's
 * hosted page: `hosted` is the popup (mode popup, the default) or the element's frame.
 */
export async function startFlow(page, choice) {
  await choose(page, choice);
  const button = flowButton(page, BUTTONS[choice.provider]);
  let popup;
  if ((choice.mode ?? 'popup') === 'popup') popup = await clickForPopup(page, button);
  else await button.click();
  const hosted = popup ?? hostedFrame(page);
  await hosted.locator('#approve').waitFor();
  return { hosted, popup, button };
}

/** Waits for the outcome and checks it is session-cancel with `reason`; returns it. */
export async function expectCancel(page, reason) {
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-cancel');
  assert.equal(outcome.detail.reason, reason);
  return outcome;
}

/** Every entry of the event log, oldest first: `{ event, detail }`. */
export async function readLog(page, list = '#event-log') {
  const entries = await page.locator(`${list} > li`).evaluateAll((items) =>
    items.map((item) => ({
      event: item.dataset.event,
      source: item.dataset.source,
      text: item.querySelector('.log-detail')?.textContent,
    })),
  );
  return entries.reverse().map(({ event, source, text }) => ({ event, source, detail: JSON.parse(text ?? 'null') }));
}

/**
 * Waits until the log shows an outcome (success, cancel or error), then returns it. Fails if the
 * log shows more than one outcome at that moment.
 */
export async function waitForOutcome(page, list = '#event-log') {
  await page.locator(`${list} > li:is(${TERMINAL_SELECTOR})`).first().waitFor({ state: 'attached' });
  const outcomes = (await readLog(page, list)).filter((entry) => TERMINAL_EVENTS.includes(entry.event));
  assert.equal(outcomes.length, 1, `one outcome, got ${outcomes.map((entry) => entry.event).join(', ')}`);
  return outcomes[0];
}
