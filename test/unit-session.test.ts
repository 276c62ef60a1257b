import { expect } from '@open-wc/testing';
import { requestBody } from '../src/session/request.js';
import { createState } from '../src/session/state.js';

describe('createState', () => {
  it('is URL-safe and carries at least 128 bits', () => {
    for (let i = 0; i < 200; i++) {
      const state = createState();
      expect(state).to.match(/^[A-Za-z0-9_-]+$/);
      // Each base64url character carries 6 bits.
      expect(state.length * 6).to.be.at.least(128);
      expect(encodeURIComponent(state)).to.equal(state);
      expect(new URLSearchParams(`state=${state}`).get('state')).to.equal(state);
    }
  });

  it('is fresh each time', () => {
    const states = Array.from({ length: 2000 }, createState);
    expect(new Set(states).size).to.equal(states.length);
  });

  it('uses the whole alphabet (random, not a counter)', () => {
    const seen = new Set(Array.from({ length: 400 }, createState).join(''));
    expect(seen.size).to.equal(64);
  });
});

describe('requestBody (SPEC §4)', () => {
  const cases: { name: string; input: Parameters<typeof requestBody>[0]; body: Record<string, unknown> }[] = [
    {
      name: 'both return URLs and state',
      input: { redirectUrl: 'https://shop.example/done', cancelUrl: 'https://shop.example/cancel', state: 's1' },
      body: { redirectUrl: 'https://shop.example/done', cancelUrl: 'https://shop.example/cancel', state: 's1' },
    },
    { name: 'absent URLs omitted', input: { state: 's2' }, body: { state: 's2' } },
    { name: 'empty URLs omitted', input: { redirectUrl: '', cancelUrl: '', state: 's3' }, body: { state: 's3' } },
    {
      name: 'only a redirect URL',
      input: { redirectUrl: 'https://shop.example/done', state: 's4' },
      body: { redirectUrl: 'https://shop.example/done', state: 's4' },
    },
    {
      name: 'extra body fields merged',
      input: {
        cancelUrl: 'https://shop.example/cancel',
        state: 's5',
        body: { end_user_id: 'eu_2yRHN2ag2y4p8kCtm5DOeccZEXB', institution_id: '10', nested: { a: [1] } },
      },
      body: {
        cancelUrl: 'https://shop.example/cancel',
        state: 's5',
        end_user_id: 'eu_2yRHN2ag2y4p8kCtm5DOeccZEXB',
        institution_id: '10',
        nested: { a: [1] },
      },
    },
  ];
  for (const { name, input, body } of cases) {
    it(name, () => {
      const built = requestBody(input);
      expect(built).to.deep.equal(body);
      expect(JSON.parse(JSON.stringify(built))).to.deep.equal(body);
    });
  }

  it('puts the return URLs and state first, the merchant fields after', () => {
    const built = requestBody({
      redirectUrl: 'https://s.example/d',
      cancelUrl: 'https://s.example/c',
      state: 's',
      body: { z: 1 },
    });
    expect(Object.keys(built)).to.deep.equal(['redirectUrl', 'cancelUrl', 'state', 'z']);
  });

  it('never carries the headers or credentials into the body', () => {
    const built = requestBody({ state: 's', headers: { 'X-CSRF-Token': 't' }, credentials: 'include' });
    expect(built).to.deep.equal({ state: 's' });
  });
});
