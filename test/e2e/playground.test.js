// The playground itself: the snippet matches the running element and copies, the choices work
// from the keyboard, ULM's accounts are listed, and the colour scheme follows the picker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUTTONS, choose, flowButton, openPage, startFlow, useDemo, waitForOutcome } from './helpers.js';

const env = useDemo();

/** The attributes of the first <hosted-auth-session> in the snippet with id `id`, parsed as HTML. */
function snippetAttributes(page, id) {
  return page.locator(`#${id}`).evaluate((code) => {
    const doc = new DOMParser().parseFromString(code.textContent ?? '', 'text/html');
    const element = doc.querySelector('hosted-auth-session');
    return element && Object.fromEntries([...element.attributes].map((a) => [a.name, a.value]));
  });
}

function liveAttributes(page) {
  return page
    .locator('#stage hosted-auth-session')
    .evaluate((element) =>
      Object.fromEntries([...element.attributes].filter((a) => a.name !== 'status').map((a) => [a.name, a.value])),
    );
}

test('the snippet is exactly the running element, for every choice', async () => {
  const { page, done } = await openPage(env);
  const choices = [
    { provider: 'fiskil', mode: 'iframe' },
    { provider: 'ultrapass', mode: 'popup', onWindowClosed: 'wait' },
    { provider: 'complycube', mode: 'inline' },
    { provider: 'ulm', mode: 'popup', onWindowClosed: 'cancel' },
  ];
  for (const choice of choices) {
    await choose(page, choice);
    const live = await liveAttributes(page);
    assert.deepEqual(await snippetAttributes(page, 'snippet-page'), live, JSON.stringify(choice));
    assert.equal(live.mode, choice.mode);
    assert.equal(live.provider, choice.provider);
    // auto, the default, is not written out.
    assert.equal(live['on-window-closed'], choice.onWindowClosed);
    assert.equal(live['redirect-url'], new URL('/callback/success.html', env.demo.url).href);
    assert.equal(live['cancel-url'], new URL('/callback/cancel.html', env.demo.url).href);
  }
  // Hosted providers are pinned to their emulator's origin.
  await choose(page, { provider: 'fiskil' });
  assert.equal((await liveAttributes(page))['allowed-origins'], env.demo.emulators.fiskil.origin);
  await done();
});

test('in redirect mode the return-page snippet carries the same element', async () => {
  const { page, done } = await openPage(env);
  await choose(page, { provider: 'complycube', mode: 'redirect' });
  const returns = await snippetAttributes(page, 'snippet-returns');
  const { hidden, ...rest } = returns;
  assert.equal(hidden, '');
  assert.deepEqual(rest, await liveAttributes(page));
  assert.match(
    await page.locator('#snippet-returns').textContent(),
    /<script src="\/dist\/callback\.iife\.js"><\/script>/,
  );
  await done();
});

test('a scenario’s request fields appear in the script snippet', async () => {
  const { page, done } = await openPage(env);
  await choose(page, { provider: 'fiskil' });
  await page.getByLabel('Backend scenario').selectOption('unknown-institution');
  assert.match(await page.locator('#snippet-script').textContent(), /flow\.body = \{"institution_id":"9999"\};/);
  await done();
});

test('Copy puts the snippet on the clipboard', async () => {
  const { page, done } = await openPage(env, '/', {
    ready: 'body[data-ready="true"]',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.getByRole('button', { name: 'Copy', exact: true }).first().click();
  await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.locator('#snippet-page').textContent());
  await done();
});

test('keyboard only: choose with the arrow keys, start with Enter', async () => {
  const { page, done } = await openPage(env);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the demo');
  // The provider radios are one group: arrows move the choice.
  await page.locator('#provider-options input:checked').focus();
  await page.keyboard.press('ArrowLeft'); // Fiskil → UltrapassId
  assert.equal(await page.locator('#provider-options input:checked').getAttribute('value'), 'ultrapass');
  await page.locator('#mode-options input:checked').focus();
  await page.keyboard.press('ArrowRight'); // popup → iframe
  assert.equal(await page.locator('#mode-options input:checked').getAttribute('value'), 'iframe');
  assert.equal(await page.locator('#closed-field').evaluate((field) => field.disabled), true);
  await flowButton(page, BUTTONS.ultrapass).focus();
  await page.keyboard.press('Enter');
  await page.locator('hosted-auth-session iframe').contentFrame().locator('#approve').waitFor();
  await page.keyboard.press('Escape');
  assert.equal((await waitForOutcome(page)).detail.reason, 'closed');
  await done();
});

test('ULM’s demo accounts are listed when ULM is picked', async () => {
  const { page, done } = await openPage(env);
  const accounts = page.locator('#ulm-accounts');
  assert.equal(await accounts.isVisible(), false);
  await choose(page, { provider: 'ulm' });
  await accounts.getByText('ULM demo accounts').click();
  const rows = await accounts.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 6);
  assert.ok(rows.some((row) => row.includes('locked@example.com') && row.includes('user-profile-locked')));
  assert.ok(rows.some((row) => row.includes('ada@example.com') && row.includes('correct-horse')));
  await done();
});

test('the colour scheme follows the system and the Theme picker, and is kept', async () => {
  const { page, done } = await openPage(env, '/', { ready: 'body[data-ready="true"]', colorScheme: 'dark' });
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const dark = await background();
  await page.getByLabel('Theme').selectOption('light');
  const light = await background();
  assert.notEqual(light, dark);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
  await page.reload();
  assert.equal(await background(), light);
  await page.getByLabel('Theme').selectOption('system');
  assert.equal(await page.locator('html').getAttribute('data-theme'), null);
  assert.equal(await background(), dark);
  await done();
});

test('the choice survives a reload', async () => {
  const { page, done } = await openPage(env);
  await choose(page, { provider: 'complycube', mode: 'inline' });
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  assert.deepEqual(await liveAttributes(page).then((a) => [a.provider, a.mode]), ['complycube', 'inline']);
  // And the page still works after it.
  const { hosted } = await startFlow(page, { provider: 'complycube', mode: 'popup' });
  await hosted.locator('#approve').click();
  assert.equal((await waitForOutcome(page)).event, 'session-success');
  await done();
});

test('each log entry leads with one sentence; its raw detail opens with a click', async () => {
  const { page, done } = await openPage(env);
  await choose(page, { provider: 'ulm' });
  await flowButton(page, BUTTONS.ulm).click();
  await waitForOutcome(page);
  const entry = page.locator('#event-log > li').first();
  assert.equal(
    await entry.locator('.log-summary').textContent(),
    'Signed in with ULM Cloud: the backend answered with the result at once, no hosted page.',
  );
  const detail = entry.locator('.log-detail');
  assert.equal(await detail.isVisible(), false);
  await entry.getByText('Event detail (JSON)').click();
  assert.equal(await detail.isVisible(), true);
  assert.equal(JSON.parse(await detail.textContent()).result.userAuthenticated, true);

  await page.getByRole('button', { name: 'Clear' }).click();
  const { popup } = await startFlow(page, { provider: 'fiskil', mode: 'popup', onWindowClosed: 'cancel' });
  await popup.close();
  await waitForOutcome(page);
  const sentences = await page.locator('#event-log .log-summary').allTextContents();
  assert.equal(sentences[0], 'The user closed the popup.');
  assert.match(sentences[1], /^Fiskil session \S+ created by the backend; the hosted page opens\.$/);
  await done();
});
