// `npm run screenshot`: PNGs of the demo pages in light and dark, desktop and phone, in screenshots/
// (git-ignored) for review. `--docs` also writes docs/demo.png, the one the README shows.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, findChrome } from '../scripts/find-chrome.js';
import { startDemo } from './serve.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'screenshots');
const VIEWPORTS = {
  desktop: { width: 1280, height: 960 },
  phone: { width: 390, height: 844 },
};

/** Puts the playground in a telling state: a finished ULM sign-in, then a Fiskil consent shown inline. */
async function stage(page) {
  await page
    .locator('#provider-options')
    .getByRole('radio', { name: /^ULM Cloud/ })
    .check();
  await page.locator('hosted-auth-session').getByRole('button').click();
  await page.locator('#event-log > li[data-event="session-success"]').waitFor();
  await page
    .locator('#provider-options')
    .getByRole('radio', { name: /^Fiskil/ })
    .check();
  await page.locator('#mode-options').getByRole('radio', { name: 'inline', exact: true }).check();
  await page.locator('hosted-auth-session').getByRole('button').click();
  await page.locator('hosted-auth-session iframe').contentFrame().locator('#approve').waitFor();
  await page.locator('#event-log > li[data-event="session-created"]').waitFor();
  // The inline frame has loaded its page; let its fonts and layout settle before the capture.
  await page.evaluate(() => document.fonts.ready);
}

async function main() {
  const writeDocs = process.argv.includes('--docs');
  await mkdir(outDir, { recursive: true });
  const demo = await startDemo({ port: 0 });
  const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs(), headless: true });
  const written = [];
  try {
    for (const scheme of ['light', 'dark']) {
      for (const [name, viewport] of Object.entries(VIEWPORTS)) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(demo.url);
        await page.locator('body[data-ready="true"]').waitFor();
        await stage(page);
        const file = join(outDir, `playground-${name}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(file);
        if (name === 'desktop') {
          const top = join(outDir, `playground-${scheme}.png`);
          await page.screenshot({ path: top });
          written.push(top);
          if (writeDocs && scheme === 'light') {
            // For the README: the working part — choices, the running element, its log.
            await page.setViewportSize({ width: 1280, height: 1320 });
            await page.evaluate(() => {
              const top = document.querySelector('.layout').getBoundingClientRect().top + scrollY;
              scrollTo(0, top - 24);
            });
            await mkdir(join(root, 'docs'), { recursive: true });
            const docs = join(root, 'docs', 'demo.png');
            await page.screenshot({ path: docs });
            written.push(docs);
          }
        }
        await page.goto(new URL('/script-tag.html', demo.url).href);
        const scriptTag = join(outDir, `script-tag-${name}-${scheme}.png`);
        await page.screenshot({ path: scriptTag, fullPage: true });
        written.push(scriptTag);
        // The styling & text page with the brand theme's inline box and waiting notice showing.
        await page.goto(new URL('/theming.html', demo.url).href);
        await page.locator('body[data-ready="true"]').waitFor();
        await page.locator('#brand-inline').getByRole('button').click();
        await page.locator('#brand-inline iframe').contentFrame().locator('#approve').waitFor();
        await page.locator('#german-waiting').getByRole('button').click();
        await page.locator('#german-waiting [part="waiting"]').waitFor();
        await page.evaluate(() => document.fonts.ready);
        const theming = join(outDir, `theming-${name}-${scheme}.png`);
        await page.screenshot({ path: theming, fullPage: true });
        written.push(theming);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await demo.close();
  }
  for (const file of written) process.stdout.write(`${file.slice(root.length)}\n`);
}

main().catch((error) => {
  process.stderr.write(`npm run screenshot failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
