// mode="redirect": the whole tab goes to the provider and comes back to a return page, where the
// same element reports the outcome once (SPEC §6).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUTTONS, choose, flowButton, openPage, readLog, useDemo, waitForOutcome } from './helpers.js';

const env = useDemo();

const CASES = [
  { provider: 'fiskil', action: 'approve', page: '/callback/success.html', event: 'session-success' },
  {
    provider: 'complycube',
    action: 'cancel',
    page: '/callback/cancel.html',
    event: 'session-cancel',
    reason: 'cancel-url',
  },
  { provider: 'ultrapass', action: 'deny', page: '/callback/success.html', event: 'session-cancel', reason: 'denied' },
];

for (const { provider, action, page: returnPath, event, reason } of CASES) {
  test(`${provider}: ${action} comes back to ${returnPath} and is reported there`, async () => {
    const { page, done } = await openPage(env);
    await choose(page, { provider, mode: 'redirect' });
    await flowButton(page, BUTTONS[provider]).click();
    // The tab itself is now on the provider's origin.
    await page.locator(`#${action}`).click();
    await page.waitForURL((url) => url.pathname === returnPath);
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, event);
    assert.equal(outcome.detail.reason, reason);
    assert.equal(outcome.detail.session.provider, provider);
    assert.equal(new URL(outcome.detail.url).pathname, returnPath);

    // Reported once: a reload of the return page finds no pending flow.
    await page.reload();
    await page.locator('#log-empty').waitFor();
    await page.waitForTimeout(300); // proving a negative: no late report
    assert.deepEqual(await readLog(page), []);

    // Back on the playground the choice is kept.
    await page.getByRole('link', { name: 'Back to the playground' }).click();
    await page.locator('body[data-ready="true"]').waitFor();
    assert.equal(await page.locator('#mode-options').getByRole('radio', { name: 'redirect' }).isChecked(), true);
    await done();
  });
}

test('a return page opened on its own reports nothing', async () => {
  const { page, done } = await openPage(env, '/callback/success.html?code=forged', { ready: '#log-empty' });
  await page.waitForTimeout(300); // proving a negative: no late report
  assert.equal(await page.locator('#log-empty').isVisible(), true);
  assert.deepEqual(await readLog(page), []);
  await done();
});
