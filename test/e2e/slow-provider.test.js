// Providers that answer slowly or hand out dead links: the popup still opens inside the click,
// and an expired session is refused before it is shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUTTONS, choose, flowButton, openPage, useDemo, waitForOutcome } from './helpers.js';

const DELAY_MS = 1500;
// Fiskil's links are dead on arrival; ComplyCube's API takes 1.5 s to answer.
const env = useDemo({ emulators: { fiskil: { ttlSeconds: -60 }, complycube: { delayMs: DELAY_MS } } });

test('a slow backend: the popup opens at once with a loading page, then shows the hosted page', async () => {
  const { page, context, done } = await openPage(env);
  await choose(page, { provider: 'complycube', mode: 'popup' });
  const opened = context.waitForEvent('page');
  const clickedAt = Date.now();
  await flowButton(page, BUTTONS.complycube).click();
  const popup = await opened;
  assert.ok(Date.now() - clickedAt < DELAY_MS, 'the popup opened before the backend answered');
  await page.locator('hosted-auth-session[status="loading"]').waitFor();
  assert.equal(await popup.getByRole('status').textContent(), 'Loading…');
  await popup.locator('#approve').click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-success');
  await done();
});

for (const mode of ['popup', 'inline']) {
  test(`an expired Fiskil session is never shown (${mode}): session-error expired`, async () => {
    const { page, context, done } = await openPage(env);
    await choose(page, { provider: 'fiskil', mode });
    const popups = [];
    context.on('page', (popup) => popups.push(popup));
    await flowButton(page, BUTTONS.fiskil).click();
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.event, 'session-error');
    assert.equal(outcome.detail.code, 'expired');
    assert.equal(outcome.detail.retryable, true);
    assert.ok(outcome.detail.session.expiresAt < Date.now());
    for (const popup of popups) if (!popup.isClosed()) await popup.waitForEvent('close');
    assert.equal(await page.locator('hosted-auth-session iframe').count(), 0);
    await done();
  });
}
