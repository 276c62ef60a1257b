// Sign-in with OpenID Connect against a real OpenID Provider (panva's oidc-provider, on loopback)
// and server confirmation bound to the browser: the playground's OpenID Connect card with
// confirm-endpoint, driven as a person would — the provider's own login and consent pages, a
// popup closed by hand, a return URL typed into the popup — and the confirm endpoint called the
// way a page that knows a flow's URL would call it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  choose,
  clickForPopup,
  expectCancel,
  flowButton,
  openPage,
  readLog,
  useDemo,
  waitForOutcome,
} from './helpers.js';

const env = useDemo();

const SIGN_IN = 'Sign in with OpenID';

/** Picks the OpenID Connect card (and a mode) with the confirm switch on. */
async function chooseOpenId(page, { mode = 'popup', confirm = true } = {}) {
  await choose(page, { provider: 'oidc', mode });
  await page.getByRole('checkbox', { name: /Confirm with your backend/ }).setChecked(confirm);
}

/** Signs in on the provider's pages in `scope` (a popup or the tab itself) as `login`. */
async function signIn(scope, login) {
  await scope.locator('input[name="login"]').fill(login);
  await scope.locator('input[name="password"]').fill('any password');
  await scope.getByRole('button', { name: 'Sign-in' }).click();
  // The consent page comes the first time this account meets the client in this browser.
  const consent = scope.getByRole('button', { name: 'Continue' });
  const issuer = env.demo.openid.issuer;
  const next = await Promise.race([
    consent.waitFor().then(
      () => 'consent',
      () => 'left',
    ),
    scope
      .waitForURL((url) => !url.href.startsWith(issuer))
      .then(
        () => 'left',
        () => 'left', // the popup closed itself
      ),
  ]);
  if (next === 'consent') await consent.click();
}

/**
 * Opens the popup from the card's button and waits for the provider's login page; returns it with
 * the flow's `state`, as the element sent it to the backend.
 */
async function openLogin(page) {
  const sent = page.waitForRequest((request) => request.url().endsWith('/api/oidc/session'));
  const popup = await clickForPopup(page, flowButton(page, SIGN_IN));
  const { state } = JSON.parse((await sent).postData());
  await popup.locator('input[name="login"]').waitFor();
  return { popup, state };
}

/** The flow cookies the merchant set in this context. */
async function flowCookies(context) {
  return (await context.cookies()).filter((cookie) => cookie.name.startsWith('has_flow_'));
}

/** POSTs to the demo's OIDC confirm endpoint from `page` (with its cookies), as a script could. */
function postConfirm(page, body) {
  return page.evaluate(async (claim) => {
    const response = await fetch('/api/oidc/confirm', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(claim),
    });
    return { status: response.status, body: await response.json() };
  }, body);
}

describe('sign in with OpenID Connect, confirmed by the backend', () => {
  test('popup: the person signs in; session-success carries the confirmed claims', async (t) => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page);
    const { popup } = await openLogin(page);
    await signIn(popup, 'ada');
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, 'session-success');
    assert.equal(outcome.detail.confirmed.signedInAs, 'ada');
    assert.equal(outcome.detail.confirmed.email, 'ada@example.com');
    t.diagnostic(`detail.confirmed: ${JSON.stringify(outcome.detail.confirmed)}`);
    // The log says it in a sentence.
    await page
      .locator('#event-log .log-summary')
      .filter({ hasText: 'Signed in as ada, confirmed by the backend.' })
      .waitFor();
    assert.equal(new URL(outcome.detail.url).searchParams.has('code'), true);
    // No token reaches the browser.
    assert.doesNotMatch(JSON.stringify(outcome.detail), /access_token|id_token|refresh_token/);
    if (!popup.isClosed()) await popup.waitForEvent('close');
    // The binding is used up: no flow cookie is left.
    assert.deepEqual(await flowCookies(page.context()), []);
    await done();
  });

  test('a second sign-in in the same page, as someone else, is confirmed as that person', async () => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page);
    await signIn((await openLogin(page)).popup, 'ada');
    assert.equal((await waitForOutcome(page)).detail.confirmed.signedInAs, 'ada');
    await page.getByRole('button', { name: 'Clear' }).click();
    // The demo asks for prompt=login: the provider shows its login page again.
    await signIn((await openLogin(page)).popup, 'grace');
    const second = await waitForOutcome(page);
    assert.equal(second.event, 'session-success');
    assert.equal(second.detail.confirmed.signedInAs, 'grace');
    await done();
  });

  test('redirect: the tab signs in and the return page reports the confirmed success', async () => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page, { mode: 'redirect' });
    await flowButton(page, SIGN_IN).click();
    await page.locator('input[name="login"]').waitFor();
    await signIn(page, 'linus');
    await page.waitForURL((url) => url.pathname === '/callback/success.html');
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, 'session-success');
    assert.equal(outcome.detail.confirmed.signedInAs, 'linus');
    await done();
  });

  test('the person refuses on the login page: session-cancel denied, nothing confirmed', async () => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page);
    const tokens = env.demo.openid.tokenRequests();
    const { popup } = await openLogin(page);
    await popup.getByRole('link', { name: /Cancel/ }).click();
    const outcome = await expectCancel(page, 'denied');
    assert.equal(outcome.detail.params.error, 'access_denied');
    assert.equal(env.demo.openid.tokenRequests(), tokens);
    await done();
  });

  test('the person closes the popup on the login page, then cancels the wait: session-cancel closed', async () => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page);
    const { popup } = await openLogin(page);
    await popup.close();
    // Closed within 3 s of reaching the provider, the default (auto) waits with a Cancel button
    // (the usual case here); closed later, it is a cancel at once.
    const waitingCancel = page.locator('hosted-auth-session').getByRole('button', { name: 'Cancel' });
    const cancelled = page.locator('#event-log > li[data-event="session-cancel"]');
    await waitingCancel.or(cancelled).first().waitFor();
    if (await waitingCancel.isVisible()) await waitingCancel.click();
    await expectCancel(page, 'closed');
    await done();
  });

  test('two tabs sign in at once, finishing in the other order: each confirms its own flow', async () => {
    const { page, context, done } = await openPage(env);
    await chooseOpenId(page);
    const other = await context.newPage();
    await other.goto(env.demo.url);
    await other.locator('body[data-ready="true"]').waitFor();
    await chooseOpenId(other);
    const { popup: first } = await openLogin(page);
    const { popup: second } = await openLogin(other);
    assert.equal((await flowCookies(context)).length, 2);
    await signIn(second, 'bob');
    await signIn(first, 'alice');
    assert.equal((await waitForOutcome(other)).detail.confirmed.signedInAs, 'bob');
    assert.equal((await waitForOutcome(page)).detail.confirmed.signedInAs, 'alice');
    await done();
  });
});

describe('what the confirm endpoint refuses', () => {
  test('a return URL typed into the popup with a made-up code: session-error unconfirmed', async () => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page);
    const { popup, state } = await openLogin(page);
    const forged = new URL('/callback/success.html', env.demo.origin);
    forged.search = new URLSearchParams({ code: 'made-up', state, iss: env.demo.openid.issuer }).toString();
    // The return page reports to the element and closes the popup.
    await popup.goto(forged.href).catch(() => undefined);
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, 'session-error');
    assert.equal(outcome.detail.code, 'unconfirmed');
    assert.equal(outcome.detail.status, 400);
    await done();
  });

  test('a confirmation sent again, even with the cookie it was sent with, is refused', async () => {
    const { page, context, done } = await openPage(env);
    await chooseOpenId(page);
    const { popup, state } = await openLogin(page);
    const [cookie] = await flowCookies(context);
    await signIn(popup, 'ada');
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.detail.confirmed.signedInAs, 'ada');
    const claim = { url: outcome.detail.url, state };
    // The binding was cleared by the first confirmation.
    const again = await postConfirm(page, claim);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'flow_not_found');
    // A copy of the cookie kept from before: the provider takes the code only once.
    await context.addCookies([cookie]);
    const replayed = await postConfirm(page, claim);
    assert.equal(replayed.status, 400);
    assert.equal(replayed.body.providerCode, 'invalid_grant');
    assert.equal(replayed.body.signedInAs, undefined);
    await done();
  });

  test("another browser's confirmation of this flow is refused before the provider is asked", async () => {
    const { page, done } = await openPage(env);
    await chooseOpenId(page);
    const { popup, state } = await openLogin(page);
    // The returned URL is known to another browser (a link sent to it, a shared screen…).
    const elsewhere = await openPage(env);
    const tokens = env.demo.openid.tokenRequests();
    const url = `${env.demo.origin}/callback/success.html?code=seen&state=${state}&iss=${env.demo.openid.issuer}`;
    const foreign = await postConfirm(elsewhere.page, { url, state });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error, 'flow_not_found');
    assert.equal(env.demo.openid.tokenRequests(), tokens);
    // That browser's own flow cookie does not open this flow either.
    await chooseOpenId(elsewhere.page);
    await openLogin(elsewhere.page);
    const crossed = await postConfirm(elsewhere.page, { url, state });
    assert.equal(crossed.status, 400);
    assert.equal(crossed.body.error, 'flow_not_found');
    assert.equal(env.demo.openid.tokenRequests(), tokens);
    await elsewhere.done();
    // The page gives up on its own flow.
    await page.getByRole('button', { name: /Abort flow/ }).click();
    await expectCancel(page, 'aborted');
    if (!popup.isClosed()) await popup.waitForEvent('close');
    await done();
  });

  test('a tampered flow cookie: unconfirmed, and the provider is never asked for tokens', async () => {
    const { page, context, done } = await openPage(env);
    await chooseOpenId(page);
    const { popup } = await openLogin(page);
    const [cookie] = await flowCookies(context);
    const at = Math.floor(cookie.value.length / 2);
    const flipped = cookie.value[at] === 'A' ? 'B' : 'A';
    await context.addCookies([{ ...cookie, value: cookie.value.slice(0, at) + flipped + cookie.value.slice(at + 1) }]);
    const tokens = env.demo.openid.tokenRequests();
    await signIn(popup, 'ada');
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, 'session-error');
    assert.equal(outcome.detail.code, 'unconfirmed');
    assert.equal(env.demo.openid.tokenRequests(), tokens);
    await done();
  });
});

describe('the seed providers with confirm-endpoint', () => {
  for (const provider of ['fiskil', 'complycube', 'ultrapass']) {
    test(`${provider}: the approved flow is confirmed as bound to this browser, once`, async () => {
      const { page, done } = await openPage(env);
      await choose(page, { provider });
      await page.getByRole('checkbox', { name: /Confirm with your backend/ }).setChecked(true);
      const button = page.locator('hosted-auth-session').getByRole('button');
      const sent = page.waitForRequest((request) => request.url().endsWith(`/api/${provider}/session`));
      const popup = await clickForPopup(page, button);
      const { state } = JSON.parse((await sent).postData());
      await popup.locator('#approve').click();
      const outcome = await waitForOutcome(page);
      assert.equal(outcome.event, 'session-success');
      assert.equal(outcome.detail.confirmed.boundToThisBrowser, true);
      assert.equal(outcome.detail.confirmed.provider, provider);
      const log = await readLog(page);
      assert.deepEqual(
        log.map((entry) => entry.event),
        ['session-created', 'session-success'],
      );
      const again = await page.evaluate(
        async ({ path, claim }) =>
          (
            await fetch(path, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(claim),
            })
          ).status,
        {
          path: `/api/${provider}/confirm`,
          claim: { url: outcome.detail.url, state },
        },
      );
      assert.equal(again, 400);
      await done();
    });
  }
});
