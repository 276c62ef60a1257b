// Each error the emulators produce reaches the page as the right session-error (SPEC §5), picked
// through the playground's "Backend scenario" list as a person would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUTTONS, choose, flowButton, openPage, readLog, useDemo, waitForOutcome } from './helpers.js';

const env = useDemo();

/** provider, scenario (its value in the list), and the detail fields the error must carry. */
const CASES = [
  ['ultrapass', 'invalid', { status: 400, providerCode: 'invalid_request', retryable: false }],
  ['ultrapass', 'unknown-workflow', { status: 409, providerCode: 'workflow_not_valid', retryable: false }],
  ['ultrapass', 'failing-workflow', { status: 424, providerCode: 'dependency_failed', retryable: true }],
  ['fiskil', 'unknown-institution', { status: 400, providerCode: 'invalid_institution_id', retryable: false }],
  ['fiskil', 'unknown-end-user', { status: 404, providerCode: 'end_user_not_found', retryable: false }],
  [
    'complycube',
    'unknown-client',
    { status: 400, providerCode: 'invalid_request', param: 'clientId', retryable: false },
  ],
  [
    'complycube',
    'inactive-template',
    { status: 400, providerCode: 'invalid_request', param: 'workflowTemplateId', retryable: false },
  ],
  ['ulm', 'locked@example.com', { status: 401, providerCode: 'user-profile-locked', retryable: false }],
  ['ulm', 'activating@example.com', { status: 401, providerCode: 'user-activating', retryable: false }],
  ['ulm', 'mfa@example.com', { status: 401, providerCode: 'invalid-code', retryable: false }],
  ['ulm', 'wrong-password', { status: 401, providerCode: 'authentication-required', retryable: false }],
];

for (const [provider, scenario, expected] of CASES) {
  test(`${provider} · ${scenario} → session-error http ${expected.status} ${expected.providerCode}`, async () => {
    const { page, context, done } = await openPage(env);
    await choose(page, { provider, mode: 'popup' });
    await page.getByLabel('Backend scenario').selectOption(scenario);
    const popups = [];
    context.on('page', (popup) => popups.push(popup));
    await flowButton(page, BUTTONS[provider]).click();
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, 'session-error');
    assert.equal(outcome.detail.code, 'http');
    assert.equal(outcome.detail.provider, provider);
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(outcome.detail[key], value, `detail.${key}`);
    }
    assert.equal(typeof outcome.detail.message, 'string');
    // No session was created, and the popup opened inside the click (none for ULM) is closed again.
    assert.deepEqual(
      (await readLog(page)).map((entry) => entry.event),
      ['session-error'],
    );
    if (provider === 'ulm') assert.equal(popups.length, 0);
    for (const popup of popups) if (!popup.isClosed()) await popup.waitForEvent('close');
    await page.locator('#status').filter({ hasText: 'error' }).waitFor();
    await done();
  });
}

test('ulm · a process with another step → session-error incomplete with the raw answer', async () => {
  const { page, done } = await openPage(env);
  await choose(page, { provider: 'ulm', mode: 'inline' });
  await page.getByLabel('Backend scenario').selectOption('steps@example.com');
  await flowButton(page, BUTTONS.ulm).click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-error');
  assert.equal(outcome.detail.code, 'incomplete');
  assert.equal(outcome.detail.raw.lastStep, false);
  assert.equal(outcome.detail.raw.userAuthenticated, true);
  await done();
});

test('after an error, the next flow with a good account succeeds', async () => {
  const { page, done } = await openPage(env);
  await choose(page, { provider: 'ulm', mode: 'inline' });
  await page.getByLabel('Backend scenario').selectOption('locked@example.com');
  await flowButton(page, BUTTONS.ulm).click();
  assert.equal((await waitForOutcome(page)).event, 'session-error');
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Backend scenario').selectOption('ada@example.com');
  await flowButton(page, BUTTONS.ulm).click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-success');
  assert.equal(outcome.detail.result.userId, 1);
  await done();
});
