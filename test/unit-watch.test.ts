import { expect } from '@open-wc/testing';
import { isOwnReport, returnOrigins } from '../src/flow/watch.js';

const DONE = 'https://shop.example/done';

describe('isOwnReport (BroadcastChannel reports reach every tab of the origin)', () => {
  const cases: [string, string, string | undefined, boolean][] = [
    ['its own state', `${DONE}?state=s1&code=c`, 'x', true],
    ["another flow's state", `${DONE}?state=s2`, 'x', false],
    ['a state in the hash', `${DONE}#state=s1`, undefined, true],
    ['no state, its own sessionId', `${DONE}?sessionId=abc&code=c`, 'abc', true],
    ["no state, another tab's sessionId", `${DONE}?sessionId=def`, 'abc', false],
    ['no state, its own session_id', `${DONE}?session_id=abc`, 'abc', true],
    ['no state, a session id but the flow knows none', `${DONE}?sessionId=abc`, undefined, false],
    ['a state wins over a matching session id', `${DONE}?state=s2&sessionId=abc`, 'abc', false],
    // No flow is registered on the channel in this page, so "the only flow waiting" is false.
    ['neither state nor id, no flow waiting here', `${DONE}?code=c`, 'abc', false],
  ];
  for (const [name, url, sessionId, expected] of cases) {
    it(name, () => {
      expect(isOwnReport(url, 's1', sessionId)).to.equal(expected);
    });
  }
});

describe('returnOrigins (row 13: origins compared by exact equality)', () => {
  const origins = returnOrigins({
    redirectUrl: 'http://localhost:4100/callback/done',
    cancelUrl: 'http://localhost:4100/cancel',
  });
  for (const forger of [
    'http://localhost:41000',
    'http://localhost:410',
    'http://localhost:4100.evil.example',
    'https://localhost:4100',
    'http://127.0.0.1:4100',
    'http://localhost',
  ]) {
    it(`a message from ${forger} is not from the return origin`, () => {
      expect(origins.includes(forger)).to.equal(false);
    });
  }
  it('the return origin itself is accepted', () => {
    expect(origins.includes('http://localhost:4100')).to.equal(true);
  });
});
