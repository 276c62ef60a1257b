// The styling-and-text page (/theming.html): the brand theme really reaches every part of the
// element through ::part() and the custom properties, and the German element shows its strings
// wherever a person meets them — the popup's loading page, the dialog, the waiting notice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clickForPopup, openPage, readLog, useDemo, waitForOutcome } from './helpers.js';

// Fiskil's API takes a while, so the popup's loading page can be read before it navigates.
const env = useDemo({ emulators: { fiskil: { delayMs: 1500 } } });

const open = (options = {}) => openPage(env, '/theming.html', options);

/** The element's own defaults (see the JSDoc of src/hosted-auth-session.ts). */
const DEFAULTS = {
  accent: 'rgb(36, 86, 214)',
  radius: '6px',
  surface: { light: 'rgb(255, 255, 255)', dark: 'rgb(30, 31, 36)' },
  backdrop: 'rgba(0, 0, 0, 0.5)',
  border: 'rgb(208, 212, 220)',
};

/** What demo/brand-theme.css sets. */
const BRAND = {
  accent: 'rgb(11, 110, 79)',
  surface: { light: 'rgb(251, 248, 241)', dark: 'rgb(16, 34, 27)' },
  text: { light: 'rgb(23, 48, 42)', dark: 'rgb(230, 242, 236)' },
  backdrop: 'rgba(6, 40, 30, 0.72)',
};

const GERMAN = {
  loadingText: 'Sitzung wird vorbereitet…',
  frameTitle: 'Sichere Sitzung',
  closeLabel: 'Schließen',
  waitingText: 'Warten, bis das andere Fenster fertig ist…',
  cancelLabel: 'Abbrechen',
};

/** Computed styles of the parts of the element `#id` (and of the dialog's ::backdrop). */
function partStyles(page, id, names) {
  return page.locator(`#${id}`).evaluate((element, parts) => {
    const pick = (style) => ({
      backgroundColor: style.backgroundColor,
      color: style.color,
      borderRadius: style.borderTopLeftRadius,
      borderColor: style.borderTopColor,
      borderWidth: style.borderTopWidth,
      borderStyle: style.borderTopStyle,
      borderInlineStartWidth: style.borderLeftWidth,
      fontFamily: style.fontFamily,
      width: style.width,
      height: style.height,
      boxShadow: style.boxShadow,
    });
    const result = {};
    for (const name of parts) {
      const node = element.shadowRoot.querySelector(`[part="${name}"]`);
      result[name] = node ? pick(getComputedStyle(node)) : null;
      if (name === 'dialog' && node) result.backdrop = pick(getComputedStyle(node, '::backdrop'));
    }
    return result;
  }, names);
}

/** The button of an unstyled element: one inside a shadow root of its own, out of the page's CSS. */
function defaultButtonStyle(page) {
  return page.evaluate(async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const element = document.createElement('hosted-auth-session');
    host.attachShadow({ mode: 'open' }).append(element);
    await element.updateComplete;
    const style = getComputedStyle(element.shadowRoot.querySelector('[part="button"]'));
    const result = {
      backgroundColor: style.backgroundColor,
      borderRadius: style.borderTopLeftRadius,
      fontFamily: style.fontFamily,
    };
    host.remove();
    return result;
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`brand theme (${colorScheme}): the button, dialog, backdrop, close button and frame take it`, async () => {
    const { page, done } = await open({ colorScheme });
    const unstyled = await defaultButtonStyle(page);
    assert.equal(unstyled.backgroundColor, DEFAULTS.accent, 'the reference element has the built-in defaults');
    assert.equal(unstyled.borderRadius, DEFAULTS.radius);

    const idle = await partStyles(page, 'brand-dialog', ['button']);
    assert.equal(idle.button.backgroundColor, BRAND.accent);
    assert.equal(idle.button.borderRadius, '999px');
    assert.equal(idle.button.color, 'rgb(255, 255, 255)');
    assert.match(idle.button.fontFamily, /Georgia/);
    assert.notEqual(idle.button.backgroundColor, unstyled.backgroundColor);
    assert.notEqual(idle.button.borderRadius, unstyled.borderRadius);
    assert.notEqual(idle.button.fontFamily, unstyled.fontFamily);
    // The German element next to it keeps the page's own look: the theme is scoped to its card.
    const plain = await partStyles(page, 'german-dialog', ['button']);
    assert.notEqual(plain.button.backgroundColor, BRAND.accent);

    await page.locator('#brand-dialog').getByRole('button', { name: 'Verify your identity' }).click();
    await page.locator('#brand-dialog iframe').contentFrame().locator('#approve').waitFor();
    const shown = await partStyles(page, 'brand-dialog', ['dialog', 'close', 'frame']);
    assert.equal(shown.dialog.backgroundColor, BRAND.surface[colorScheme]);
    assert.notEqual(shown.dialog.backgroundColor, DEFAULTS.surface[colorScheme]);
    assert.equal(shown.dialog.color, BRAND.text[colorScheme]);
    assert.equal(shown.dialog.borderRadius, '14px');
    assert.notEqual(shown.dialog.borderRadius, DEFAULTS.radius);
    assert.equal(shown.dialog.borderWidth, '2px');
    assert.equal(shown.dialog.borderColor, BRAND.accent);
    assert.equal(shown.dialog.width, '600px', '--hosted-auth-session-dialog-width');
    assert.notEqual(shown.dialog.boxShadow, 'none');
    assert.equal(shown.backdrop.backgroundColor, BRAND.backdrop);
    assert.notEqual(shown.backdrop.backgroundColor, DEFAULTS.backdrop);
    assert.equal(shown.close.backgroundColor, BRAND.accent);
    assert.equal(shown.close.borderRadius, '50%');
    assert.equal(shown.close.width, '36px');
    assert.equal(shown.frame.backgroundColor, 'rgb(255, 255, 255)');

    await page.keyboard.press('Escape');
    const outcome = await waitForOutcome(page);
    assert.equal(outcome.source, 'brand-dialog');
    assert.equal(outcome.detail.reason, 'closed');
    await done();
  });
}

test('brand theme: the inline box and the waiting notice take it', async () => {
  const { page, done } = await open();
  await page.locator('#brand-inline').getByRole('button', { name: 'Connect your bank' }).click();
  await page.locator('#brand-inline iframe').contentFrame().locator('#approve').waitFor();
  const inline = (await partStyles(page, 'brand-inline', ['inline'])).inline;
  assert.equal(inline.borderStyle, 'dashed');
  assert.equal(inline.borderWidth, '2px');
  assert.equal(inline.borderColor, BRAND.accent, '--hosted-auth-session-border');
  assert.notEqual(inline.borderColor, DEFAULTS.border);
  assert.equal(inline.borderRadius, '14px');
  assert.equal(inline.height, '460px', '--hosted-auth-session-frame-height');

  // UltrapassId's COOP cuts the popup's link; with on-window-closed="wait" the notice appears.
  const popup = await clickForPopup(
    page,
    page.locator('#brand-waiting').getByRole('button', { name: 'Sign in with UltrapassId' }),
  );
  await page.locator('#brand-waiting [part="waiting"]').waitFor();
  const waiting = await partStyles(page, 'brand-waiting', ['waiting', 'waiting-cancel']);
  assert.equal(waiting.waiting.backgroundColor, 'rgb(231, 244, 238)');
  assert.equal(waiting.waiting.borderInlineStartWidth, '4px');
  assert.equal(waiting.waiting.borderRadius, '10px');
  assert.match(waiting.waiting.fontFamily, /Georgia/);
  assert.equal(waiting['waiting-cancel'].borderRadius, '999px');
  assert.equal(waiting['waiting-cancel'].color, BRAND.accent);
  assert.equal(waiting['waiting-cancel'].borderColor, BRAND.accent);

  await popup.locator('#approve').click();
  await page.locator('#event-log > li[data-event="session-success"][data-source="brand-waiting"]').waitFor();
  await done();
});

test('German: the popup’s loading page speaks German until the hosted page loads', async () => {
  const { page, done } = await open();
  const german = page.locator('#german-popup');
  assert.equal(await german.evaluate((element) => element.closest('[lang]').lang), 'de');
  const popup = await clickForPopup(page, german.getByRole('button', { name: 'Bankkonto verbinden' }));
  // The backend takes 1.5 s: the popup shows the element's loading page meanwhile.
  await page.locator('#german-popup[status="loading"]').waitFor();
  assert.equal(await popup.getByRole('status').textContent(), GERMAN.loadingText);
  assert.equal(await popup.title(), GERMAN.loadingText);
  await popup.locator('#approve').click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.event, 'session-success');
  assert.equal(outcome.source, 'german-popup');
  await done();
});

test('German: the dialog’s name, its close button and the iframe title; Schließen closes it', async () => {
  const { page, done } = await open();
  const button = page.locator('#german-dialog').getByRole('button', { name: 'Identität bestätigen' });
  await button.click();
  const dialog = page.getByRole('dialog', { name: GERMAN.frameTitle });
  await dialog.waitFor();
  assert.equal(await page.getByRole('dialog', { name: 'Secure session' }).count(), 0);
  const frame = page.locator('#german-dialog iframe');
  assert.equal(await frame.getAttribute('title'), GERMAN.frameTitle);
  await frame.contentFrame().locator('#approve').waitFor();
  const close = dialog.getByRole('button', { name: GERMAN.closeLabel });
  assert.equal(await close.isVisible(), true);
  assert.equal(await dialog.getByRole('button', { name: 'Close' }).count(), 0);
  await close.click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.source, 'german-dialog');
  assert.equal(outcome.detail.reason, 'closed');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await button.evaluate((element) => element.matches(':focus')), true, 'focus is back on the button');
  await done();
});

test('German: the waiting notice and its Abbrechen button', async () => {
  const { page, done } = await open();
  await clickForPopup(page, page.locator('#german-waiting').getByRole('button', { name: 'Mit UltrapassId anmelden' }));
  const notice = page.locator('#german-waiting').getByRole('status');
  await notice.waitFor();
  assert.match(await notice.textContent(), new RegExp(`^${GERMAN.waitingText}`));
  assert.equal(
    await page.locator('#german-waiting').getByText('Waiting for the other window', { exact: false }).count(),
    0,
  );
  await notice.getByRole('button', { name: GERMAN.cancelLabel }).click();
  const outcome = await waitForOutcome(page);
  assert.equal(outcome.source, 'german-waiting');
  assert.equal(outcome.detail.reason, 'closed');
  assert.deepEqual(
    (await readLog(page)).map((entry) => entry.event),
    ['session-created', 'session-cancel'],
  );
  await done();
});

test('the page shows the brand theme’s CSS as served and the German element’s markup', async () => {
  const { page, done } = await open();
  const css = await (await fetch(new URL('/brand-theme.css', env.demo.url))).text();
  await page.locator('#brand-css').filter({ hasText: '::part(' }).waitFor();
  assert.equal(await page.locator('#brand-css').textContent(), css);
  const markup = await page.locator('#german-markup').textContent();
  for (const [name, value] of Object.entries({
    'loading-text': GERMAN.loadingText,
    'frame-title': GERMAN.frameTitle,
    'close-label': GERMAN.closeLabel,
    'waiting-text': GERMAN.waitingText,
    'cancel-label': GERMAN.cancelLabel,
  })) {
    assert.ok(markup.includes(`${name}="${value}"`), `${name} in the markup`);
  }
  assert.match(markup, />Bankkonto verbinden<\/hosted-auth-session>$/);
  await done();
});
