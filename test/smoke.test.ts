import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { HostedAuthSession } from '../src/index.js';
import { DONE_URL, CANCEL_URL, endpoint, uniqueId, spyOnWindowOpen } from './helpers.js';

describe('smoke', () => {
  it('popup flow to success via callback page', async () => {
    const spy = spyOnWindowOpen();
    try {
      const id = uniqueId();
      const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
        endpoint=${endpoint(id, { act: 'approve', after: 100 })}
        redirect-url=${DONE_URL}
        cancel-url=${CANCEL_URL}
      ></hosted-auth-session>`);
      const pending = oneEvent(el, 'session-success');
      el.shadowRoot!.querySelector('button')!.click();
      const ev = await pending;
      expect(ev.detail.params.code).to.equal('auth-code-1');
      expect(el.status).to.equal('success');
    } finally {
      spy.restore();
    }
  });
});
