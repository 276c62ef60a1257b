// The demo and the element on a phone (390 × 844, touch, mobile viewport): the iframe dialog
// fills the screen with its title showing, and no demo page spills out of its boxes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, startFlow, useDemo } from './helpers.js';

const env = useDemo();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

describe('the iframe dialog on a phone', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`covers the whole viewport, with its title and close button in view (${colorScheme})`, async () => {
      const { page, done } = await openPage(env, '/', { ...PHONE, colorScheme });
      await startFlow(page, { provider: 'fiskil', mode: 'iframe' });
      const dialog = page.locator('hosted-auth-session dialog');
      const box = await dialog.boundingBox();
      assert.deepEqual(
        [box.x, box.y, box.width, box.height].map(Math.round),
        [0, 0, 390, 844],
        'the dialog is exactly the viewport',
      );
      const title = page.locator('hosted-auth-session [part="title"]');
      assert.equal(await title.textContent(), 'Secure session');
      assert.equal(await title.isVisible(), true);
      const close = await page.locator('hosted-auth-session [part="close"]').boundingBox();
      assert.ok(close.x + close.width <= 390 && close.y >= 0, 'the close button is on screen');
      const frame = await page.locator('hosted-auth-session iframe').boundingBox();
      assert.ok(frame.width >= 389 && frame.y + frame.height <= 845, 'the hosted page spans the width, to the bottom');
      await page.locator('hosted-auth-session').getByRole('button', { name: 'Close' }).tap();
      await dialog.waitFor({ state: 'detached' });
      await done();
    });
  }

  test('on a desktop viewport it stays a centred box with margins', async () => {
    const { page, done } = await openPage(env, '/', { viewport: { width: 1280, height: 900 } });
    await startFlow(page, { provider: 'fiskil', mode: 'iframe' });
    const box = await page.locator('hosted-auth-session dialog').boundingBox();
    assert.equal(Math.round(box.width), 520);
    assert.ok(box.x > 300 && box.y > 0, `centred with margins, got ${JSON.stringify(box)}`);
    await page.keyboard.press('Escape');
    await done();
  });
});
