// axe-core (WCAG 2.x A and AA) on every demo page, light and dark, with a flow open, so the demo
// is as usable with a keyboard or a screen reader as it looks; a keyboard-only flow that reaches
// the element's button with Tab alone; and prefers-reduced-motion: reduce, under which nothing on
// the pages or in the element moves.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { BUTTONS, choose, clickForPopup, expectCancel, flowButton, openPage, startFlow, useDemo } from './helpers.js';

const env = useDemo();
// axe-core comes with @open-wc/testing (a devDependency), through chai-a11y-axe.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The WCAG A/AA violations on the page, as "rule: target" lines (the hosted emulator frames excluded). */
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await window.axe.run(
      { exclude: [['hosted-auth-session iframe']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return result.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`),
    );
  });
}

for (const colorScheme of ['light', 'dark']) {
  // bypassCSP only lets the test inject axe; the pages' own scripts are unchanged.
  const options = { colorScheme, bypassCSP: true };

  test(`playground (${colorScheme}), idle and with an inline flow open`, async () => {
    const { page, done } = await openPage(env, '/', options);
    assert.deepEqual(await violations(page), []);
    await startFlow(page, { provider: 'complycube', mode: 'inline' });
    await page.locator('#event-log > li').first().waitFor();
    assert.deepEqual(await violations(page), []);
    await done();
  });

  test(`playground (${colorScheme}) with ULM's accounts open`, async () => {
    const { page, done } = await openPage(env, '/', options);
    await choose(page, { provider: 'ulm' });
    await page.getByText('ULM demo accounts').click();
    assert.deepEqual(await violations(page), []);
    await done();
  });

  test(`styling & text page (${colorScheme}), idle and with flows open`, async () => {
    const { page, done } = await openPage(env, '/theming.html', options);
    assert.deepEqual(await violations(page), []);
    // The brand inline frame and both waiting notices (brand and German) at once.
    await page.locator('#brand-inline').getByRole('button').click();
    await page.locator('#brand-inline iframe').contentFrame().locator('#approve').waitFor();
    for (const id of ['brand-waiting', 'german-waiting']) {
      await clickForPopup(page, page.locator(`#${id}`).getByRole('button'));
      await page.locator(`#${id} [part="waiting"]`).waitFor();
    }
    assert.deepEqual(await violations(page), []);
    await done();
  });

  test(`script-tag page and return page (${colorScheme})`, async () => {
    const { page, done } = await openPage(env, '/script-tag.html', { ...options, ready: 'hosted-auth-session' });
    assert.deepEqual(await violations(page), []);
    await page.goto(new URL('/callback/cancel.html', env.demo.url).href);
    assert.deepEqual(await violations(page), []);
    await done();
  });
}

/** The focused element, looking through shadow roots: its tag, part, label, host, and where it is. */
function deepFocus(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return undefined;
    const host = active.getRootNode().host;
    return {
      tag: active.tagName.toLowerCase(),
      part: active.getAttribute('part'),
      // The element's button shows its host's text through the slot.
      text: (active.getAttribute('part') === 'button' && host ? host : active).textContent.trim(),
      host: host ? host.id || host.tagName.toLowerCase() : undefined,
      focusVisible: active.matches(':focus-visible'),
      inDialog: Boolean(active.closest('dialog')),
    };
  });
}

/** Presses Tab until the focus is on the element's button labelled `label`; returns how many. */
async function tabTo(page, label) {
  for (let presses = 1; presses <= 60; presses += 1) {
    await page.keyboard.press('Tab');
    const focus = await deepFocus(page);
    if (focus?.part === 'button' && focus.text === label) return presses;
  }
  throw new Error(`Tab never reached the button "${label}"`);
}

for (const { path, label, setup } of [
  {
    path: '/',
    label: BUTTONS.complycube,
    // The choice survives the reload, which puts the focus back at the top of the page.
    setup: async (page) => {
      await choose(page, { provider: 'complycube', mode: 'iframe' });
      await page.reload();
      await page.locator('body[data-ready="true"]').waitFor();
    },
  },
  { path: '/theming.html', label: 'Identität bestätigen', setup: async () => {} },
]) {
  test(`keyboard only (${path}): Tab to the button, Enter opens the dialog, Esc closes it, focus returns`, async () => {
    const { page, done } = await openPage(env, path);
    await setup(page);
    await tabTo(page, label);
    const focus = await deepFocus(page);
    assert.equal(focus.tag, 'button');
    assert.equal(focus.focusVisible, true, 'the focus ring shows');
    await page.keyboard.press('Enter');
    const dialog = page.locator('hosted-auth-session dialog[open]');
    await dialog.waitFor();
    await page.locator('hosted-auth-session iframe').contentFrame().locator('#approve').waitFor();
    // showModal() moved the focus into the dialog, off the page behind it.
    const inside = await deepFocus(page);
    assert.equal(inside.inDialog, true, `the focus is in the dialog (${JSON.stringify(inside)})`);
    assert.ok(await dialog.evaluate((node) => node.matches(':modal')));
    await page.keyboard.press('Escape');
    await expectCancel(page, 'closed');
    await dialog.waitFor({ state: 'detached' });
    const back = await deepFocus(page);
    assert.equal(back.part, 'button');
    assert.equal(back.text, label);
    await done();
  });
}

/**
 * Everything that moves or could move: running animations of the document and of every shadow
 * root, and every element (light and shadow DOM, pseudo-elements too) with a non-zero transition
 * or an animation, as "selector: property value" lines.
 */
function motion(page) {
  return page.evaluate(() => {
    const seconds = (value) => Math.max(0, ...value.split(',').map((part) => parseFloat(part) || 0));
    const roots = [document];
    const elements = [];
    for (let i = 0; i < roots.length; i += 1) {
      for (const element of roots[i].querySelectorAll('*')) {
        elements.push(element);
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
    }
    const moving = [];
    for (const element of elements) {
      const name = element.getAttribute('part')
        ? `[part=${element.getAttribute('part')}]`
        : element.id
          ? `#${element.id}`
          : element.tagName.toLowerCase();
      for (const pseudo of [null, '::before', '::after', '::backdrop']) {
        const style = getComputedStyle(element, pseudo);
        if (seconds(style.transitionDuration) > 0)
          moving.push(`${name}${pseudo ?? ''}: transition-duration ${style.transitionDuration}`);
        if (style.animationName !== 'none')
          moving.push(`${name}${pseudo ?? ''}: animation ${style.animationName} ${style.animationDuration}`);
      }
    }
    return {
      animations: roots.flatMap((root) =>
        root.getAnimations().map((animation) => animation.animationName ?? animation.constructor.name),
      ),
      shadowRoots: roots.length - 1,
      moving,
    };
  });
}

/** transition-duration and animation-duration of every part of the element `selector`. */
function partDurations(page, selector) {
  return page.locator(selector).evaluate((element) =>
    Object.fromEntries(
      [...element.shadowRoot.querySelectorAll('[part]')].map((node) => {
        const style = getComputedStyle(node);
        return [
          node.getAttribute('part'),
          `${style.transitionDuration} / ${style.animationDuration} / ${style.animationName}`,
        ];
      }),
    ),
  );
}

test('prefers-reduced-motion: reduce — nothing moves on the playground, dialog open', async () => {
  const { page, done } = await openPage(env);
  // Without the preference the page has motion of its own (the choices' hover transition)…
  const choiceTransition = () =>
    page
      .locator('#provider-options .choice')
      .first()
      .evaluate((node) => getComputedStyle(node).transitionDuration);
  assert.match(await choiceTransition(), /^0\.15s/);
  // …which the preference turns off.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
  assert.equal(await choiceTransition(), '0s');
  await choose(page, { provider: 'complycube', mode: 'iframe' });
  await page.locator('#provider-options .choice').nth(1).hover();
  await flowButton(page, BUTTONS.complycube).click();
  await page.locator('hosted-auth-session iframe').contentFrame().locator('#approve').waitFor();
  const seen = await motion(page);
  assert.ok(seen.shadowRoots >= 1, 'the element’s shadow root was searched');
  assert.deepEqual(seen.animations, []);
  assert.deepEqual(seen.moving, []);
  for (const [part, durations] of Object.entries(await partDurations(page, '#stage hosted-auth-session'))) {
    assert.match(durations, /^0s \/ 0s \/ none$/, part);
  }
  await page.keyboard.press('Escape');
  await expectCancel(page, 'closed');
  await done();
});

test('prefers-reduced-motion: reduce — the brand theme drops its motion; nothing moves on the theme page', async () => {
  const { page, done } = await openPage(env, '/theming.html');
  const brand = '#brand-dialog';
  const brandButton = page.locator(brand).getByRole('button', { name: 'Verify your identity' });
  // Without the preference the brand theme animates its dialog and eases its button…
  assert.match((await partDurations(page, brand)).button, /^0\.16s, 0\.16s \//);
  await brandButton.click();
  await page.locator(`${brand} iframe`).contentFrame().locator('#approve').waitFor();
  assert.match((await partDurations(page, brand)).dialog, /evergreen-rise$/);
  await page.keyboard.press('Escape');
  await page.locator(`${brand} dialog`).waitFor({ state: 'detached' });

  // …and with it, none of that, in the element or on the page.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await brandButton.hover();
  await brandButton.click();
  await page.locator(`${brand} iframe`).contentFrame().locator('#approve').waitFor();
  const seen = await motion(page);
  assert.ok(seen.shadowRoots >= 6, 'every element’s shadow root was searched');
  assert.deepEqual(seen.animations, []);
  assert.deepEqual(seen.moving, []);
  assert.deepEqual(await page.locator(brand).evaluate((element) => element.shadowRoot.getAnimations().length), 0);
  for (const [part, durations] of Object.entries(await partDurations(page, brand))) {
    assert.match(durations, /^0s \/ 0s \/ none$/, part);
  }
  await page.keyboard.press('Escape');
  await page.locator(`${brand} dialog`).waitFor({ state: 'detached' });
  await done();
});
