// The demo and the element on a phone (390 × 844, touch, mobile viewport): the iframe dialog
// fills the screen with its title showing, and no demo page spills out of its boxes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUTTONS, choose, clickForPopup, flowButton, openPage, startFlow, useDemo, waitForOutcome } from './helpers.js';
import { overflowingElements } from './overflow.js';

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

describe('the demo pages on a phone: nothing spills out of its box', () => {
  /** Fails naming every element that overflows, once the page is in the state `stage` leaves. */
  async function checkPage(path, stage = async () => {}) {
    const { page, done } = await openPage(env, path, { ready: 'body', ...PHONE });
    await page.locator('hosted-auth-session[status]').first().waitFor({ state: 'attached' });
    await stage(page);
    // The raw detail of the newest entry, opened as a person would.
    const raw = page.locator('#event-log > li:first-child details > summary');
    if (await raw.count()) await raw.tap();
    assert.deepEqual(await page.evaluate(overflowingElements), [], `${path} at 390 × 844`);
    const smallCode = await page.evaluate(() =>
      [...document.querySelectorAll('pre, pre code')]
        .filter((element) => element.getClientRects().length > 0)
        .map((element) => `${element.localName}#${element.id}: ${getComputedStyle(element).fontSize}`)
        .filter((line) => parseFloat(line.split(': ')[1]) < 13),
    );
    assert.deepEqual(smallCode, [], `${path}: code blocks are set in 13 px or larger`);
    await done();
  }

  test('the playground, with a finished ULM sign-in and a closed Fiskil popup in the log', async () => {
    await checkPage('/', async (page) => {
      await page.locator('body[data-ready="true"]').waitFor();
      await choose(page, { provider: 'ulm' });
      await flowButton(page, BUTTONS.ulm).tap();
      await waitForOutcome(page);
      await page.getByRole('button', { name: 'Clear' }).tap();
      await choose(page, { provider: 'fiskil', mode: 'popup', onWindowClosed: 'cancel' });
      const popup = await clickForPopup(page, flowButton(page, BUTTONS.fiskil));
      await popup.locator('#approve').waitFor();
      await popup.close();
      await waitForOutcome(page);
    });
  });

  test('the script-tag page, with a refused ULM sign-in in the log', async () => {
    await checkPage('/script-tag.html', async (page) => {
      await page.getByLabel('Password').fill('not-my-password');
      await flowButton(page, 'Sign in with ULM').tap();
      await waitForOutcome(page);
    });
  });

  test('the styling & text page, with the brand theme’s inline flow open', async () => {
    await checkPage('/theming.html', async (page) => {
      await page.locator('body[data-ready="true"]').waitFor();
      await page.locator('#brand-inline').getByRole('button').tap();
      await page.locator('#brand-inline iframe').contentFrame().locator('#approve').waitFor();
    });
  });

  test('a return page', async () => {
    await checkPage('/callback/success.html', (page) => page.locator('#log-empty').waitFor());
  });
});
