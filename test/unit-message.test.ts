import { expect } from '@open-wc/testing';
import { classifyUrl } from '../src/flow/match.js';
import { COMPLETE_MESSAGE, MAX_URL_LENGTH, readCompleteMessage } from '../src/flow/message.js';

const DONE = 'https://shop.example/verify/done';

describe('readCompleteMessage', () => {
  const accepted: { name: string; data: unknown; url: string }[] = [
    { name: 'the callback message', data: { type: COMPLETE_MESSAGE, url: `${DONE}?code=1` }, url: `${DONE}?code=1` },
    { name: 'a one-character url', data: { type: COMPLETE_MESSAGE, url: 'x' }, url: 'x' },
    {
      name: 'a url of the maximum length',
      data: { type: COMPLETE_MESSAGE, url: `${DONE}?p=${'a'.repeat(MAX_URL_LENGTH - DONE.length - 3)}` },
      url: `${DONE}?p=${'a'.repeat(MAX_URL_LENGTH - DONE.length - 3)}`,
    },
    {
      name: 'extra fields (ignored, only the url comes back)',
      data: { type: COMPLETE_MESSAGE, url: DONE, extra: { a: 1 } },
      url: DONE,
    },
  ];
  for (const { name, data, url } of accepted) {
    it(`reads ${name}`, () => {
      expect(readCompleteMessage(data)).to.equal(url);
    });
  }

  const ignored: { name: string; data: unknown }[] = [
    { name: 'null', data: null },
    { name: 'undefined', data: undefined },
    { name: 'a string', data: COMPLETE_MESSAGE },
    { name: 'the message as JSON text', data: JSON.stringify({ type: COMPLETE_MESSAGE, url: DONE }) },
    { name: 'a number', data: 7 },
    { name: 'an array', data: [COMPLETE_MESSAGE, DONE] },
    { name: 'an array holding the message', data: [{ type: COMPLETE_MESSAGE, url: DONE }] },
    { name: 'an empty object', data: {} },
    { name: 'a wrong type', data: { type: 'hosted-auth-session:completed', url: DONE } },
    { name: 'a type in other case', data: { type: COMPLETE_MESSAGE.toUpperCase(), url: DONE } },
    { name: 'another library message', data: { type: 'authorization_response', response: { code: '1' } } },
    { name: 'no type', data: { url: DONE } },
    { name: 'no url', data: { type: COMPLETE_MESSAGE } },
    { name: 'an empty url', data: { type: COMPLETE_MESSAGE, url: '' } },
    { name: 'a url number', data: { type: COMPLETE_MESSAGE, url: 1 } },
    { name: 'a url object', data: { type: COMPLETE_MESSAGE, url: { href: DONE } } },
    { name: 'a url array', data: { type: COMPLETE_MESSAGE, url: [DONE] } },
    { name: 'a url null', data: { type: COMPLETE_MESSAGE, url: null } },
    {
      name: 'a url one character too long',
      data: { type: COMPLETE_MESSAGE, url: `${DONE}?p=${'a'.repeat(MAX_URL_LENGTH)}` },
    },
    { name: 'a url far too long', data: { type: COMPLETE_MESSAGE, url: 'x'.repeat(1_000_000) } },
  ];
  for (const { name, data } of ignored) {
    it(`ignores ${name}`, () => {
      expect(readCompleteMessage(data)).to.equal(undefined);
    });
  }

  it('returns markup in the url as a plain string that is no outcome, inserting nothing', () => {
    const markup = '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script>';
    const before = document.body.innerHTML;
    const url = readCompleteMessage({ type: COMPLETE_MESSAGE, url: markup, html: markup });
    expect(url).to.equal(markup);
    expect(typeof url).to.equal('string');
    expect(classifyUrl(url!, { redirectUrl: DONE, cancelUrl: DONE })).to.equal(null);
    expect(document.body.innerHTML).to.equal(before);
    expect((window as unknown as Record<string, unknown>)['__injected']).to.equal(undefined);
  });

  it('returns a javascript: url as data, which matches no return page', () => {
    const url = readCompleteMessage({ type: COMPLETE_MESSAGE, url: `javascript:alert(1)//${DONE}` });
    expect(classifyUrl(url!, { redirectUrl: DONE })).to.equal(null);
  });
});
