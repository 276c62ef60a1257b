// A misconfigured element says so in the console: a page without a session-error listener would
// otherwise see a click do nothing.
import { expect, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import { buttonOf, mountElement } from './helpers.js';

describe('misconfiguration is written to the console once', () => {
  const realError = console.error;
  let logged: unknown[][];
  beforeEach(() => {
    logged = [];
    console.error = (...args: unknown[]) => logged.push(args);
  });
  afterEach(() => {
    console.error = realError;
  });

  const cases: [string, Record<string, string>, RegExp][] = [
    ['a missing endpoint', { endpoint: '' }, /endpoint/],
    ['an unknown mode', { mode: 'modal' }, /mode: expected popup, iframe, inline, redirect, but got "modal"/],
    ['a redirect-url that is not absolute', { 'redirect-url': '/done' }, /redirect-url/],
  ];
  for (const [name, attributes, named] of cases) {
    it(`${name}: one console.error naming the attribute, however often the button is clicked`, async () => {
      const el = await mountElement('/api/session', attributes);
      for (let i = 0; i < 3; i++) {
        const error = oneEvent(el, 'session-error');
        buttonOf(el).click();
        expect((await error).detail.code).to.equal('config');
      }
      expect(logged).to.have.length(1);
      expect(String(logged[0]![0])).to.match(/^<hosted-auth-session> /);
      expect(String(logged[0]![0])).to.match(named);
    });
  }

  it('a working configuration writes nothing', async () => {
    const el = await mountElement('/api/session?id=console-ok&status=500');
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('http');
    expect(logged).to.deep.equal([]);
  });
});
