import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, findChrome } from './scripts/find-chrome.js';
import { testRoutesMiddleware } from './test/server/plugin.js';
import { summaryReporter } from './test/server/summary-reporter.js';
import { defaultReporter } from '@web/test-runner';

/**
 * Component tests in headless Chromium. The page runs on http://localhost:PORT (the merchant);
 * the fake provider pages are served by the same server as http://127.0.0.1:PORT, a different
 * origin, so popups and iframes really cross origins.
 */
export default {
  files: ['test/**/*.test.ts'],
  hostname: 'localhost',
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: chromeArgs(),
      },
    }),
  ],
  middleware: [testRoutesMiddleware()],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
