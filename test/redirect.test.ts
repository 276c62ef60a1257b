// Redirect mode: the pending-flow store and the return page that reports it.
import '../src/index.js';
import { expect, aTimeout, oneEvent } from '@open-wc/testing';
import { PENDING_KEY_PREFIX } from '../src/flow/pending.js';
import { PENDING_MAX_AGE_MS, savePendingFlow, takePendingOutcome } from '../src/flow/redirect.js';
import {
  CANCEL_URL,
  DONE_URL,
  RETURN_SESSION,
  countOutcomes,
  redirectElement,
  restoreReturnPageAfterEach,
} from './helpers.js';
import type { HostedSession } from '../src/session/types.js';

const DONE = 'https://shop.example/verify/done';
const CANCEL = 'https://shop.example/verify/cancelled';
const TARGETS = { redirectUrl: DONE, cancelUrl: CANCEL };
const NOW = Date.UTC(2030, 0, 1);
const SESSION: HostedSession = {
  provider: 'fiskil',
  url: 'https://auth.fiskil.example/s/ea564d',
  sessionId: 'ea564d-56012s4-6ds4564',
  expiresAt: NOW + 600_000,
  raw: { auth_url: 'https://auth.fiskil.example/s/ea564d', secret_looking: 'x' },
};

function pendingKeys(): string[] {
  return Object.keys(sessionStorage).filter((key) => key.startsWith(PENDING_KEY_PREFIX));
}

describe('savePendingFlow / takePendingOutcome', () => {
  // A URL without the flow's state warns; the test that shows it stubs the console itself.
  const realWarn = console.warn;
  beforeEach(() => {
    console.warn = () => {};
  });
  afterEach(() => {
    console.warn = realWarn;
    for (const key of pendingKeys()) sessionStorage.removeItem(key);
  });

  it('keeps the flow under its state, without the raw answer', () => {
    expect(savePendingFlow('s1', TARGETS, SESSION, NOW)).to.equal(true);
    expect(pendingKeys()).to.deep.equal([`${PENDING_KEY_PREFIX}s1`]);
    const stored = JSON.parse(sessionStorage.getItem(`${PENDING_KEY_PREFIX}s1`)!);
    expect(stored).to.deep.equal({
      v: 1,
      state: 's1',
      createdAt: NOW,
      redirectUrl: DONE,
      cancelUrl: CANCEL,
      session: { provider: 'fiskil', url: SESSION.url, sessionId: SESSION.sessionId, expiresAt: SESSION.expiresAt },
    });
  });

  const outcomes: { name: string; href: string; outcome: Record<string, unknown> }[] = [
    { name: 'success at the redirect URL', href: `${DONE}?code=c1&state=s1`, outcome: { kind: 'success' } },
    { name: 'success with state in the hash', href: `${DONE}#code=c1&state=s1`, outcome: { kind: 'success' } },
    {
      name: 'success with the session id and no state',
      href: `${DONE}?code=c1&sessionId=${SESSION.sessionId}`,
      outcome: { kind: 'success' },
    },
    { name: 'cancel at the cancel URL', href: `${CANCEL}?state=s1`, outcome: { kind: 'cancel', reason: 'cancel-url' } },
    { name: 'denied', href: `${DONE}?error=access_denied&state=s1`, outcome: { kind: 'cancel', reason: 'denied' } },
    { name: 'provider error', href: `${DONE}?error=server_error&state=s1`, outcome: { kind: 'error' } },
  ];
  for (const { name, href, outcome } of outcomes) {
    it(`reports ${name} once, then removes the record`, () => {
      savePendingFlow('s1', TARGETS, SESSION, NOW);
      const taken = takePendingOutcome(href, TARGETS, NOW + 1000);
      expect(taken?.record.state).to.equal('s1');
      expect(taken?.record.session.url).to.equal(SESSION.url);
      expect(taken?.outcome).to.include({ ...outcome, url: href });
      expect(pendingKeys()).to.deep.equal([]);
      expect(takePendingOutcome(href, TARGETS, NOW + 2000)).to.equal(undefined);
    });
  }

  it('a record exactly at the maximum age still counts', () => {
    savePendingFlow('s1', TARGETS, SESSION, NOW);
    expect(takePendingOutcome(`${DONE}?state=s1`, TARGETS, NOW + PENDING_MAX_AGE_MS)).to.not.equal(undefined);
  });

  const stale: { name: string; at: number }[] = [
    { name: 'older than the maximum age', at: NOW + PENDING_MAX_AGE_MS + 1 },
    { name: 'from the future (clock moved back)', at: NOW - 61_000 },
  ];
  for (const { name, at } of stale) {
    it(`ignores and removes a record ${name}`, () => {
      savePendingFlow('s1', TARGETS, SESSION, NOW);
      expect(takePendingOutcome(`${DONE}?state=s1`, TARGETS, at)).to.equal(undefined);
      expect(pendingKeys()).to.deep.equal([]);
    });
  }

  it('removes every stale record in one pass; stale ones do not count towards "several"', () => {
    for (let i = 0; i < 6; i++) savePendingFlow(`old${i}`, TARGETS, SESSION, NOW - PENDING_MAX_AGE_MS - 1000 * (i + 1));
    sessionStorage.setItem(`${PENDING_KEY_PREFIX}broken`, '{oops');
    savePendingFlow('fresh', TARGETS, SESSION, NOW);
    const taken = takePendingOutcome(`${DONE}?code=1&state=fresh`, TARGETS, NOW + 1000);
    expect(taken?.record.state).to.equal('fresh');
    expect(pendingKeys()).to.deep.equal([]);
  });

  const foreign: { name: string; href: string; targets: { redirectUrl?: string; cancelUrl?: string } }[] = [
    {
      name: 'other return URLs',
      href: `${DONE}?state=s1`,
      targets: { redirectUrl: 'https://shop.example/other/done', cancelUrl: CANCEL },
    },
    { name: 'no cancel URL on this page', href: `${DONE}?state=s1`, targets: { redirectUrl: DONE } },
    { name: 'a page that is not a return page', href: 'https://shop.example/verify?state=s1', targets: TARGETS },
    { name: 'a look-alike of the return page', href: `${DONE}-evil?state=s1`, targets: TARGETS },
    { name: 'no state at all', href: `${DONE}?code=1`, targets: TARGETS },
    { name: "another flow's session id and no state", href: `${DONE}?code=1&sessionId=other`, targets: TARGETS },
  ];
  for (const { name, href, targets } of foreign) {
    it(`reports nothing for ${name}, keeping the record`, () => {
      savePendingFlow('s1', TARGETS, SESSION, NOW);
      expect(takePendingOutcome(href, targets, NOW + 1000)).to.equal(undefined);
      expect(pendingKeys()).to.deep.equal([`${PENDING_KEY_PREFIX}s1`]);
    });
  }

  it('several records: the URL state picks one, the others stay', () => {
    for (const state of ['a', 'b', 'c']) savePendingFlow(state, TARGETS, { ...SESSION, sessionId: state }, NOW);
    const taken = takePendingOutcome(`${DONE}?code=1#state=b`, TARGETS, NOW + 1000);
    expect(taken?.record.state).to.equal('b');
    expect(taken?.record.session.sessionId).to.equal('b');
    expect(pendingKeys().sort()).to.deep.equal([`${PENDING_KEY_PREFIX}a`, `${PENDING_KEY_PREFIX}c`]);
  });

  it('several records and no state in the URL: the session id picks one', () => {
    for (const state of ['a', 'b']) savePendingFlow(state, TARGETS, { ...SESSION, sessionId: `id-${state}` }, NOW);
    expect(takePendingOutcome(`${DONE}?code=1&session_id=id-b`, TARGETS, NOW + 1000)?.record.state).to.equal('b');
    expect(pendingKeys()).to.deep.equal([`${PENDING_KEY_PREFIX}a`]);
  });

  it('a URL with another state ends the newest pending flow as state_mismatch', () => {
    savePendingFlow('older', TARGETS, SESSION, NOW - 5000);
    savePendingFlow('newer', TARGETS, SESSION, NOW);
    const taken = takePendingOutcome(`${DONE}?code=1&state=forged`, TARGETS, NOW + 1000);
    expect(taken?.record.state).to.equal('newer');
    expect(taken?.outcome.kind).to.equal('error');
    expect(taken?.outcome.kind === 'error' && taken.outcome.error.code).to.equal('state_mismatch');
    expect(pendingKeys()).to.deep.equal([`${PENDING_KEY_PREFIX}older`]);
  });

  it('a URL with no state warns once in the console, naming the fix', () => {
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      savePendingFlow('s1', TARGETS, SESSION, NOW);
      const href = `${DONE}?code=warned-${Math.random()}`;
      expect(takePendingOutcome(href, TARGETS, NOW + 1000)).to.equal(undefined);
      expect(takePendingOutcome(href, TARGETS, NOW + 1000)).to.equal(undefined);
    } finally {
      console.warn = () => {};
    }
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.include("bring the flow's state back on the return URL");
    expect(String(warnings[0]![0])).to.include('declare the state');
    expect(pendingKeys()).to.deep.equal([`${PENDING_KEY_PREFIX}s1`]);
  });

  it('a record for other return URLs is not ended by this page', () => {
    savePendingFlow('a', TARGETS, SESSION, NOW);
    savePendingFlow('b', { redirectUrl: 'https://shop.example/other/done' }, SESSION, NOW + 10);
    expect(takePendingOutcome(`${DONE}?code=1&state=x`, TARGETS, NOW + 1000)?.record.state).to.equal('a');
  });

  const corrupt: { name: string; key: string; value: string }[] = [
    { name: 'not JSON', key: `${PENDING_KEY_PREFIX}x`, value: '{oops' },
    {
      name: 'the wrong version',
      key: `${PENDING_KEY_PREFIX}x`,
      value: JSON.stringify({ v: 2, state: 'x', createdAt: NOW, session: { provider: 'generic', url: 'u' } }),
    },
    {
      name: 'an unknown provider',
      key: `${PENDING_KEY_PREFIX}x`,
      value: JSON.stringify({ v: 1, state: 'x', createdAt: NOW, session: { provider: 'evil', url: 'u' } }),
    },
    {
      name: 'a key that names another state',
      key: `${PENDING_KEY_PREFIX}x`,
      value: JSON.stringify({
        v: 1,
        state: 'y',
        createdAt: NOW,
        redirectUrl: DONE,
        cancelUrl: CANCEL,
        session: { provider: 'generic', url: 'u' },
      }),
    },
  ];
  for (const { name, key, value } of corrupt) {
    it(`ignores and removes a record with ${name}`, () => {
      sessionStorage.setItem(key, value);
      expect(takePendingOutcome(`${DONE}?code=1`, TARGETS, NOW + 1000)).to.equal(undefined);
      expect(sessionStorage.getItem(key)).to.equal(null);
    });
  }

  it('leaves other sessionStorage keys alone', () => {
    sessionStorage.setItem('unrelated', '1');
    try {
      savePendingFlow('s1', TARGETS, SESSION, NOW);
      takePendingOutcome(`${DONE}?state=s1`, TARGETS, NOW + PENDING_MAX_AGE_MS * 2);
      expect(sessionStorage.getItem('unrelated')).to.equal('1');
    } finally {
      sessionStorage.removeItem('unrelated');
    }
  });
});

describe('redirect mode: the return page', () => {
  restoreReturnPageAfterEach();
  const session = RETURN_SESSION;

  it('reports the pending flow once, after the page has parsed', async () => {
    savePendingFlow('state-abc', { redirectUrl: DONE_URL, cancelUrl: CANCEL_URL }, session);
    history.replaceState(null, '', '/callback/done?code=xyz&state=state-abc');
    const el = redirectElement();
    const success = oneEvent(el, 'session-success');
    document.body.append(el);
    const ev = await success;
    expect(ev.detail.params).to.include({ code: 'xyz', state: 'state-abc' });
    expect(ev.detail.session).to.deep.include({ sessionId: 's9' });
    expect(el.status).to.equal('success');
    // A second element (a reload) reports nothing: the record was used.
    const again = document.createElement('hosted-auth-session');
    for (const name of ['endpoint', 'mode', 'redirect-url', 'cancel-url'])
      again.setAttribute(name, el.getAttribute(name)!);
    const seen = countOutcomes(again);
    document.body.append(again);
    await aTimeout(50);
    expect(seen).to.deep.equal([]);
    el.remove();
    again.remove();
  });

  it('a return page with no pending flow of its own reports nothing', async () => {
    savePendingFlow('state-other', { redirectUrl: 'https://elsewhere.example/done' }, session);
    history.replaceState(null, '', '/callback/done?code=xyz');
    const el = document.createElement('hosted-auth-session');
    el.setAttribute('endpoint', '/api/session');
    el.setAttribute('redirect-url', DONE_URL);
    const seen = countOutcomes(el);
    document.body.append(el);
    await aTimeout(50);
    expect(seen).to.deep.equal([]);
    el.remove();
  });
});
