import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { chromeArgs, findChrome } from './scripts/find-chrome.js';
import { findFirefox } from './scripts/find-firefox.js';
import { findWebKit, webkitLauncher } from './scripts/webkit-launcher.js';
import { commonjsPackagesPlugin } from './test/server/commonjs-packages.js';
import { testRoutesMiddleware } from './test/server/plugin.js';
import { summaryReporter } from './test/server/summary-reporter.js';
import { defaultReporter } from '@web/test-runner';

/**
 * Component tests in headless Chromium, then headless Firefox (ESR on Debian), then WebKit
 * (WebKitGTK's MiniBrowser under Xvfb). The page runs on http://localhost:PORT (the merchant);
 * the fake provider pages are served by the same server as http://127.0.0.1:PORT, a different
 * origin, so popups and iframes really cross origins.
 *
 * TEST_BROWSERS picks the browsers, comma-separated: `chromium`, `firefox`, `webkit`. Unset, all
 * three run — except WebKit when it is not installed and CI is not set, which is said and skipped.
 */
const rootDir = fileURLToPath(new URL('.', import.meta.url));

const launchers = {
  // Each test file in a window of its own, not a background tab: a background page is hidden, and
  // a hidden page runs no IntersectionObserver (the element's first sight of its button).
  chromium: () =>
    chromeLauncher({
      createPage: ({ context }) => context.newPage({ type: 'window' }),
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: chromeArgs(),
      },
    }),
  // @web/test-runner-chrome's launcher with a custom puppeteer: puppeteer-core itself, told to
  // launch Firefox, which it drives over WebDriver BiDi. One page at a time: the tests time
  // popups and BroadcastChannel reports, and two pages of one origin share that channel.
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      concurrency: 1,
      launchOptions: { browser: 'firefox', executablePath: findFirefox(), headless: true },
    }),
  // WebDriver to WebKitGTK's MiniBrowser (Debian: webkit2gtk-driver, xvfb); one window at a time.
  webkit: () => {
    findWebKit();
    return webkitLauncher();
  },
};

function defaultBrowsers() {
  if (process.env['CI']) return ['chromium', 'firefox', 'webkit'];
  try {
    findWebKit();
    return ['chromium', 'firefox', 'webkit'];
  } catch (error) {
    process.stderr.write(`component tests: WebKit skipped. ${error.message}\n`);
    return ['chromium', 'firefox'];
  }
}

function selectedBrowsers() {
  const list = process.env['TEST_BROWSERS'];
  const names = (list ? list.split(',') : defaultBrowsers()).map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!(name in launchers)) {
      throw new Error(`TEST_BROWSERS: unknown browser "${name}" (known: ${Object.keys(launchers).join(', ')})`);
    }
  }
  return names.map((name) => launchers[name]());
}

export default {
  rootDir,
  files: ['test/**/*.test.ts'],
  hostname: 'localhost',
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 2,
  // One browser after the other: two at once on a two-core machine slow the timing-sensitive tests.
  concurrentBrowsers: 1,
  // The 1,000-flow leak test alone takes about 100 s in Firefox on a loaded two-core machine.
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 10000 } },
  browsers: selectedBrowsers(),
  middleware: [testRoutesMiddleware()],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // React ships CommonJS only; test/react.test.ts imports it through this.
    commonjsPackagesPlugin({ rootDir, specifiers: ['react', 'react-dom', 'react-dom/client'] }),
  ],
  // Vue's development build (test/vue.test.ts) announces itself once; nothing else is dropped.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('You are running a development build of Vue'),
  reporters: [defaultReporter(), summaryReporter()],
};
