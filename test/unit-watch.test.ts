import { expect } from '@open-wc/testing';
import { isOwnReport } from '../src/flow/watch.js';

const DONE = 'https://shop.example/done';

describe('isOwnReport (BroadcastChannel reports reach every tab of the origin)', () => {
  const cases: [string, string, string | undefined, boolean][] = [
    ['its own state', `${DONE}?state=s1&code=c`, 'x', true],
    ['another flow\'s state', `${DONE}?state=s2`, 'x', false],
    ['a state in the hash', `${DONE}#state=s1`, undefined, true],
    ['no state, its own sessionId', `${DONE}?sessionId=abc&code=c`, 'abc', true],
    ['no state, another tab\'s sessionId', `${DONE}?sessionId=def`, 'abc', false],
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
