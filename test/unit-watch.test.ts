import { expect } from '@open-wc/testing';
import { returnOrigins } from '../src/flow/watch.js';

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
