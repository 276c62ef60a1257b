// Cleanup: removal at any moment throws nothing, and 360 flows through every outcome leave no
// listener, interval, pending timeout, BroadcastChannel, dialog, iframe or window behind. The
// counts are exact, so a leak of one handle per flow shows at once; `npm run bench` runs 1,000.
import '../src/index.js';
import { expect, fixture, html, oneEvent, aTimeout } from '@open-wc/testing';
import {
  PLAIN_CANCEL_URL,
  PLAIN_DONE_URL,
  endpoint,
  spyOnWindowOpen,
  trackHandles,
  uniqueId,
  waitFor,
  mountElement,
  buttonOf,
} from './helpers.js';
import type { HostedAuthSession } from '../src/index.js';

const FLOWS = 360;

type Outcome = 'success' | 'cancel' | 'closed' | 'error' | 'timeout' | 'abort';
const OUTCOMES: Outcome[] = ['success', 'cancel', 'closed', 'error', 'timeout', 'abort'];

function answer(url: string) {
  return { raw: JSON.stringify({ url }) };
}

describe('cleanup: removal', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('removing the element twice, and during the iframe load, throws nothing', async () => {
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    const onRejection = (event: PromiseRejectionEvent) => errors.push(event.reason);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      const el = await mountElement(endpoint(uniqueId(), { delay: 100 }), { mode: 'iframe' });
      const cancel = oneEvent(el, 'session-cancel');
      buttonOf(el).click();
      await waitFor(() => !!el.shadowRoot!.querySelector('iframe'));
      const parent = el.parentNode!;
      el.remove();
      el.remove();
      parent.append(el);
      el.remove();
      expect((await cancel).detail.reason).to.equal('aborted');
      el.cancel();
      await aTimeout(100);
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });
});

describe('leaks', function () {
  this.timeout(300_000);

  it(`${FLOWS} flows through every outcome leave nothing behind`, async () => {
    const tracker = trackHandles();
    const spy = spyOnWindowOpen();
    try {
      const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
        redirect-url=${PLAIN_DONE_URL}
        cancel-url=${PLAIN_CANCEL_URL}
        poll-interval="20"
        on-window-closed="cancel"
      ></hosted-auth-session>`);
      const id = uniqueId();
      const baseline = tracker.live();
      const counts: Record<string, number> = {};
      for (let i = 0; i < FLOWS; i++) {
        const outcome = OUTCOMES[i % OUTCOMES.length]!;
        // Every eleventh flow runs in a real popup, the rest in the dialog iframe (faster); 11 and
        // 6 share no factor, so popups go through every outcome too.
        el.mode = i % 11 === 0 ? 'popup' : 'iframe';
        el.timeout = 0;
        switch (outcome) {
          case 'success':
            el.endpoint = endpoint(id, answer(`${PLAIN_DONE_URL}?code=${i}`));
            break;
          case 'cancel':
            el.endpoint = endpoint(id, answer(`${PLAIN_CANCEL_URL}?n=${i}`));
            break;
          case 'closed':
          case 'abort':
            el.endpoint = endpoint(id, answer(`${location.origin}/plain/elsewhere`));
            break;
          case 'error':
            el.endpoint = endpoint(id, { status: 500, raw: '{}' });
            break;
          case 'timeout':
            el.endpoint = endpoint(id, { delay: 200 });
            el.timeout = 30;
            break;
        }
        await el.updateComplete;
        const done = Promise.race(
          (['session-success', 'session-cancel', 'session-error'] as const).map((name) =>
            oneEvent(el, name).then(
              (event) =>
                `${name}:${(event.detail as { reason?: string; code?: string }).reason ?? (event.detail as { code?: string }).code ?? ''}`,
            ),
          ),
        );
        const created = outcome === 'closed' || outcome === 'abort' ? oneEvent(el, 'session-created') : undefined;
        el.start().catch(() => undefined);
        if (created) {
          await created;
          if (outcome === 'abort') el.cancel();
          else if (el.mode === 'popup') spy.calls.at(-1)!.win!.close();
          else {
            await waitFor(() => !!el.shadowRoot!.querySelector('[part="close"]'), 5000, 5);
            el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]')!.click();
          }
        }
        const result = await done;
        counts[result] = (counts[result] ?? 0) + 1;
      }
      await el.updateComplete;
      const each = FLOWS / OUTCOMES.length;
      expect(counts).to.deep.equal({
        'session-success:': each,
        'session-cancel:cancel-url': each,
        'session-cancel:closed': each,
        'session-error:http': each,
        'session-error:timeout': each,
        'session-cancel:aborted': each,
      });
      expect(tracker.live()).to.deep.equal(baseline);
      expect(tracker.live()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
      expect(tracker.pendingTimeouts()).to.equal(0);
      expect(el.shadowRoot!.querySelectorAll('dialog, iframe')).to.have.length(0);
      expect(spy.calls.filter((call) => call.win && !call.win.closed)).to.have.length(0);
    } finally {
      spy.restore();
      tracker.restore();
    }
  });
});
