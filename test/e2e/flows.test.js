// Every provider × {popup, iframe, inline} × {approve, cancel, deny}, driven as a person would:
// pick the options, press the element's button, act on the provider's hosted page, read the log.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUTTONS, choose, clickHosted, flowButton, openPage, startFlow, useDemo, waitForOutcome } from './helpers.js';

const env = useDemo();

/** What the log must show after each action on the hosted page. */
const EXPECT = {
  approve(outcome) {
    assert.equal(outcome.event, 'session-success');
    assert.equal(new URL(outcome.detail.url).pathname, '/callback/success.html');
    assert.equal(outcome.detail.params.error, undefined);
  },
  cancel(outcome) {
    assert.equal(outcome.event, 'session-cancel');
    assert.equal(outcome.detail.reason, 'cancel-url');
    assert.equal(new URL(outcome.detail.url).pathname, '/callback/cancel.html');
  },
  deny(outcome) {
    assert.equal(outcome.event, 'session-cancel');
    assert.equal(outcome.detail.reason, 'denied');
    assert.equal(outcome.detail.params.error, 'access_denied');
  },
};

const STATUS = { approve: 'success', cancel: 'cancel', deny: 'cancel' };

for (const provider of ['ultrapass', 'fiskil', 'complycube']) {
  describe(provider, () => {
    for (const mode of ['popup', 'iframe', 'inline']) {
      for (const action of ['approve', 'cancel', 'deny']) {
        test(`${mode}: ${action}`, async () => {
          const { page, done } = await openPage(env);
          // The default on-window-closed (auto): UltrapassId's COOP popup waits for the report.
          const choice = { provider, mode };
          const { hosted, popup } = await startFlow(page, choice);
          await clickHosted(hosted, action);
          const outcome = await waitForOutcome(page);
          EXPECT[action](outcome);
          assert.equal(outcome.detail.session.provider, provider);
          await page.locator(`hosted-auth-session[status="${STATUS[action]}"]`).waitFor();
          await page.locator('#status[data-status]').filter({ hasText: STATUS[action] }).waitFor();
          // The flow's window or frame is gone once it has ended.
          if (popup && !popup.isClosed()) await popup.waitForEvent('close');
          await page.locator('hosted-auth-session iframe').waitFor({ state: 'detached' });
          const log = page.locator('#event-log > li');
          assert.deepEqual(await log.evaluateAll((items) => items.map((item) => item.dataset.event).reverse()), [
            'session-created',
            outcome.event,
          ]);
          await done();
        });
      }
    }
  });
}

describe('ulm (no hosted page)', () => {
  for (const mode of ['popup', 'iframe', 'inline']) {
    test(`${mode}: the answer itself is the success`, async () => {
      const { page, context, done } = await openPage(env);
      await choose(page, { provider: 'ulm', mode });
      const popups = [];
      context.on('page', (popup) => popups.push(popup));
      await flowButton(page, BUTTONS.ulm).click();
      const outcome = await waitForOutcome(page);
      assert.equal(outcome.event, 'session-success');
      assert.equal(outcome.detail.url, undefined);
      assert.equal(outcome.detail.result.userAuthenticated, true);
      assert.equal(outcome.detail.result.lastStep, true);
      // ULM has no hosted page: no popup is opened for it, whatever the mode says.
      assert.equal(popups.length, 0);
      assert.equal(await page.locator('hosted-auth-session iframe').count(), 0);
      await done();
    });
  }
});
