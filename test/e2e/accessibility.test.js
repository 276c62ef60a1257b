// axe-core (WCAG 2.x A and AA) on every demo page, light and dark, with a flow open, so the demo
// is as usable with a keyboard or a screen reader as it looks.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { choose, openPage, startFlow, useDemo } from './helpers.js';

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

  test(`script-tag page and return page (${colorScheme})`, async () => {
    const { page, done } = await openPage(env, '/script-tag.html', { ...options, ready: 'hosted-auth-session' });
    assert.deepEqual(await violations(page), []);
    await page.goto(new URL('/callback/cancel.html', env.demo.url).href);
    assert.deepEqual(await violations(page), []);
    await done();
  });
}
