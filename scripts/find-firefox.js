// Finds a Firefox to drive: FIREFOX_PATH first, then the usual install paths. puppeteer-core
// drives it over WebDriver BiDi (Firefox 129 and later; Debian's firefox-esr is one).
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/bin/firefox',
  '/usr/lib/firefox/firefox',
  '/snap/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
];

/** The path of a Firefox executable, or throws an error that says what to install. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but no file is there.`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'No Firefox found. Install one (Debian/Ubuntu: `apt-get install firefox-esr`; macOS/Windows: ' +
      'Firefox) or set FIREFOX_PATH to its executable, or run only Chromium: TEST_BROWSERS=chromium.',
  );
}
