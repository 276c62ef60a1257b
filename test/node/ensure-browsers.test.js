// scripts/ensure-browsers.js, which `npm test` runs first: what it decides for a given machine.
// The machine is passed in, so no test runs apt-get or looks at this machine's browsers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { aptFlavour, decide } from '../../scripts/ensure-browsers.js';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const ALL = { chromium: true, firefox: true, webkit: true };
const NONE = { chromium: false, firefox: false, webkit: false };

/** A Linux machine with apt-get, as root, not in CI, with `found`; `over` changes any of it. */
const machine = (found, over = {}) => ({
  platform: 'linux',
  osRelease: DEBIAN,
  root: true,
  sudo: false,
  aptGet: true,
  ci: false,
  found,
  ...over,
});

describe('ensure-browsers: nothing to do', () => {
  test('every browser is there: nothing is installed, whoever runs it', () => {
    assert.deepEqual(decide(machine(ALL)), { action: 'none' });
    assert.deepEqual(decide(machine(ALL, { platform: 'darwin', osRelease: '', aptGet: false })), { action: 'none' });
  });
});

describe('ensure-browsers: installs with apt-get when it may', () => {
  test('Debian as root: one apt-get update, then the missing packages, non-interactively', () => {
    assert.deepEqual(decide(machine(NONE)), {
      action: 'install',
      packages: ['chromium', 'firefox-esr', 'webkit2gtk-driver', 'xvfb'],
      commands: [
        ['apt-get', 'update', '-qq'],
        [
          'apt-get',
          'install',
          '-y',
          '-qq',
          '--no-install-recommends',
          'chromium',
          'firefox-esr',
          'webkit2gtk-driver',
          'xvfb',
        ],
      ],
    });
  });

  test('only what is missing', () => {
    assert.deepEqual(decide(machine({ ...ALL, firefox: false })).packages, ['firefox-esr']);
    assert.deepEqual(decide(machine({ ...ALL, webkit: false })).packages, ['webkit2gtk-driver', 'xvfb']);
  });

  test('a user with passwordless sudo: the same commands through sudo -n', () => {
    const decision = decide(machine({ ...ALL, chromium: false }, { root: false, sudo: true }));
    assert.deepEqual(decision.commands, [
      ['sudo', '-n', 'apt-get', 'update', '-qq'],
      ['sudo', '-n', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'],
    ]);
  });

  test('Ubuntu: its own package names', () => {
    assert.deepEqual(decide(machine(NONE, { osRelease: UBUNTU })).packages, [
      'chromium-browser',
      'firefox',
      'webkit2gtk-driver',
      'xvfb',
    ]);
  });
});

describe('ensure-browsers: says what to install when it may not', () => {
  test('Debian without root or sudo: fails naming the browsers and the apt-get command', () => {
    const decision = decide(machine({ ...ALL, chromium: false }, { root: false }));
    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /need Chromium,? which/);
    assert.match(decision.message, /sudo apt-get install chromium$/);
  });

  test('only WebKit missing, outside CI: carries on without it and says how to add it', () => {
    const decision = decide(machine({ ...ALL, webkit: false }, { root: false }));
    assert.equal(decision.action, 'skip-webkit');
    assert.match(decision.message, /sudo apt-get install webkit2gtk-driver xvfb/);
  });

  test('only WebKit missing in CI: fails, since CI runs all three engines', () => {
    const decision = decide(machine({ ...ALL, webkit: false }, { root: false, ci: true }));
    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /WebKit/);
  });

  test('macOS: fails naming Chrome and Firefox and the CHROME_PATH / FIREFOX_PATH variables; WebKit alone is skipped', () => {
    const mac = { platform: 'darwin', osRelease: '', aptGet: false, root: false };
    const decision = decide(machine({ ...NONE }, mac));
    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /Google Chrome/);
    assert.match(decision.message, /Firefox/);
    assert.match(decision.message, /CHROME_PATH/);
    assert.equal(decide(machine({ ...ALL, webkit: false }, mac)).action, 'skip-webkit');
  });

  test('another Linux without apt-get: fails, pointing at the package manager and the path variables', () => {
    const decision = decide(machine({ ...ALL, firefox: false }, { osRelease: 'ID=fedora\n', aptGet: false }));
    assert.equal(decision.action, 'fail');
    assert.match(decision.message, /Firefox.*package manager.*FIREFOX_PATH/s);
  });
});

describe('aptFlavour', () => {
  test('reads ID and ID_LIKE of /etc/os-release', () => {
    assert.equal(aptFlavour(DEBIAN), 'debian');
    assert.equal(aptFlavour(UBUNTU), 'ubuntu');
    assert.equal(aptFlavour('ID=linuxmint\nID_LIKE="ubuntu debian"\n'), 'ubuntu');
    assert.equal(aptFlavour('ID=fedora\n'), undefined);
    assert.equal(aptFlavour(''), undefined);
  });
});

describe('the README’s test command is what CI runs', () => {
  const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

  test('README says `npm ci && npm test`; .ci/run runs npm ci, then npm test, and nothing else of its own', () => {
    const section = read('README.md').split('## Development and tests')[1];
    assert.match(section, /```sh\nnpm ci && npm test +#/);
    const commands = read('.ci/run')
      .split('\n')
      .filter((line) => /^npm /.test(line));
    assert.deepEqual(commands, ['npm ci --no-audit --no-fund --loglevel=error', 'npm test']);
    const code = read('.ci/run')
      .split('\n')
      .filter((line) => !line.startsWith('#'));
    assert.equal(
      code.some((line) => /apt-get|sudo/.test(line)),
      false,
      'the browsers are set up by npm test itself',
    );
  });

  test('`npm test` sets the browsers up first (pretest)', () => {
    const pkg = JSON.parse(read('package.json'));
    assert.equal(pkg.scripts.pretest, 'node scripts/ensure-browsers.js');
  });
});
