// The page that uses only dist/hosted-auth-session.iife.js through a plain <script> tag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clickForPopup,
  clickHosted,
  flowButton,
  hostedFrame,
  openPage,
  readLog,
  useDemo,
  waitForOutcome,
} from './helpers.js';

const env = useDemo();

const open = (path = '/script-tag.html') => openPage(env, path, { ready: 'hosted-auth-session[status="idle"]' });

test('it loads the element from the script-tag bundle only', async () => {
  const { page, done } = await open();
  const scripts = await page
    .locator('script')
    .evaluateAll((items) => items.map((item) => ({ src: new URL(item.src).pathname, type: item.type })));
  assert.deepEqual(scripts, [
    { src: '/theme.js', type: '' },
    { src: '/dist/hosted-auth-session.iife.js', type: '' },
    { src: '/script-tag.js', type: '' },
  ]);
  assert.equal(await page.locator('hosted-auth-session').count(), 3);
  await done();
});

test('Fiskil in a popup: approve → session-success', async () => {
  const { page, done } = await open();
  const popup = await clickForPopup(page, flowButton(page, 'Connect your bank'));
  await popup.locator('#approve').click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-success');
  assert.equal(outcome.source, 'bank');
  assert.match(outcome.detail.params.session_id, /\S/);
  await done();
});

test('ComplyCube in the dialog: cancel → session-cancel "cancel-url"', async () => {
  const { page, done } = await open();
  await flowButton(page, 'Verify your identity').click();
  await clickHosted(hostedFrame(page), 'cancel');
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-cancel');
  assert.equal(outcome.detail.reason, 'cancel-url');
  assert.equal(outcome.source, 'identity');
  await done();
});

test('ULM: a wrong password typed in the form → session-error 401 authentication-required', async () => {
  const { page, done } = await open();
  await page.getByLabel('Password').fill('not-my-password');
  await flowButton(page, 'Sign in with ULM').click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-error');
  assert.equal(outcome.detail.status, 401);
  assert.equal(outcome.detail.providerCode, 'authentication-required');
  assert.equal(
    await page.locator('#event-log > li .log-summary').first().textContent(),
    'The backend refused: HTTP 401 (authentication-required).',
  );
  await done();
});

test('ULM: immediate session-success with the result, and no popup', async () => {
  const { page, context, done } = await open();
  await flowButton(page, 'Sign in with ULM').click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-success');
  assert.equal(outcome.detail.result.userAuthenticated, true);
  assert.deepEqual(
    (await readLog(page)).map((entry) => entry.event),
    ['session-success'],
  );
  // ULM has no hosted page: no window was opened for it.
  assert.equal(context.pages().length, 1);
  await done();
});
