// Runs the component tests (web-test-runner) and prints a plain "N passed, N failed" line last.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const summaryFile = fileURLToPath(new URL('../node_modules/.cache/wtr-summary.json', import.meta.url));
rmSync(summaryFile, { force: true });
const wtr = fileURLToPath(new URL('../node_modules/@web/test-runner/dist/bin.js', import.meta.url));
const result = spawnSync(process.execPath, [wtr, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WTR_SUMMARY_FILE: summaryFile },
});
let summary = { passed: 0, failed: 0, skipped: 0 };
try {
  summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {
  summary.failed = Math.max(1, summary.failed);
}
const code = result.status ?? 1;
if (code !== 0 && summary.failed === 0) summary.failed = 1;
process.stdout.write(
  `\n${summary.passed} passed, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}\n`,
);
process.exit(code);
