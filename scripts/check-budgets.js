// `npm run test:budgets` (after `npm run build`): the size budgets of the built files, gzip -9.
// Prints every measured figure, passing or not, and exits non-zero when a file is over its budget.
// Files without a budget (the npm entry's on-demand chunks, the all-in-one figure) are printed for
// information.
import { readFileSync } from 'node:fs';
import { BUDGETS, measureSizes } from './sizes.js';

let failed = false;
const lines = [];
// The script-tag bundle is one file: it loads nothing more (the flow's parts are built in).
if (readFileSync(new URL('../dist/hosted-auth-session.iife.js', import.meta.url), 'utf8').includes('import(')) {
  failed = true;
  lines.push('FAIL hosted-auth-session.iife.js loads code with import(): it must be one self-contained file');
}
for (const { name, raw, gzip, brotli } of await measureSizes()) {
  const figures = `${String(gzip).padStart(6)} B gzip  ${String(brotli).padStart(6)} B brotli  ${String(raw).padStart(6)} B raw`;
  const budget = BUDGETS[name];
  if (budget === undefined) {
    lines.push(`     ${name.padEnd(28)} ${figures}`);
    continue;
  }
  const ok = gzip <= budget;
  if (!ok) failed = true;
  const note = ok
    ? `within the budget of ${budget} (${budget - gzip} to spare)`
    : `FAIL: over the budget of ${budget} by ${gzip - budget}`;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(28)} ${figures}  ${note}`);
}
process.stdout.write(`size budgets (gzip -9):\n${lines.join('\n')}\n`);
if (failed) {
  process.stdout.write('A file grew past its budget: see `node bench/analyze.js` for what each kilobyte is.\n');
  process.exit(1);
}
