// Counts test results and writes them to WTR_SUMMARY_FILE for scripts/test-browser.js.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) skipped += 1;
          else if (test.passed) passed += 1;
          else failed += 1;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // Errors outside tests (a file that failed to load, an uncaught error) count as failures.
        failed += session.errors?.length ?? 0;
      }
      const file = process.env.WTR_SUMMARY_FILE;
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
      }
    },
  };
}
