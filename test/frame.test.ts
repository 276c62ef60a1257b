import '../src/index.js';
import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import {
  CANCEL_URL,
  DONE_URL,
  PLAIN_CANCEL_URL,
  PLAIN_DONE_URL,
  PROVIDER_ORIGIN,
  countOutcomes,
  endpoint,
  trackHandles,
  uniqueId,
  waitFor,
  waitForRequests,
  recordedRequests,
  holdMainThread,
  spyOnWindowOpen,
  mountElement,
  buttonOf,
} from './helpers.js';
import type { HostedAuthSession } from '../src/index.js';

async function mount(mode: 'iframe' | 'inline', endpointUrl: string, done = DONE_URL, cancel = CANCEL_URL) {
  return fixture<HostedAuthSession>(html`<hosted-auth-session
    mode=${mode}
    endpoint=${endpointUrl}
    redirect-url=${done}
    cancel-url=${cancel}
  ></hosted-auth-session>`);
}

const WEBKIT = /AppleWebKit/.test(navigator.userAgent) && !/Chrome/.test(navigator.userAgent);

function frameOf(el: HostedAuthSession) {
  return el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe[part="frame"]');
}

describe('iframe mode', () => {
  let tracker: ReturnType<typeof trackHandles>;
  beforeEach(() => {
    tracker = trackHandles();
  });
  afterEach(() => tracker.restore());

  it('shows a modal dialog with a titled iframe, the allow policy and a labelled close button', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!frameOf(el)?.src);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.getAttribute('aria-label')).to.equal('Secure session');
    const frame = frameOf(el)!;
    expect(frame.title).to.equal('Secure session');
    expect(frame.getAttribute('allow')).to.equal(
      'camera; microphone; fullscreen; publickey-credentials-get; clipboard-write',
    );
    expect(frame.src.startsWith(`${PROVIDER_ORIGIN}/provider/page`)).to.equal(true);
    const close = el.shadowRoot!.querySelector('[part="close"]')!;
    expect(close.getAttribute('aria-label')).to.equal('Close');
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('the dialog’s header shows frame-title as a visible title, the same text as the dialog’s name', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    el.frameTitle = 'Verify your identity';
    buttonOf(el).click();
    await waitFor(() => !!frameOf(el)?.src);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    const title = el.shadowRoot!.querySelector<HTMLElement>('[part="title"]')!;
    const close = el.shadowRoot!.querySelector<HTMLElement>('[part="close"]')!;
    expect(title.textContent).to.equal('Verify your identity');
    expect(dialog.getAttribute('aria-label')).to.equal(title.textContent);
    expect(title.checkVisibility({ opacityProperty: true, visibilityProperty: true })).to.equal(true);
    const box = title.getBoundingClientRect();
    const dialogBox = dialog.getBoundingClientRect();
    expect(box.width).to.be.greaterThan(50);
    expect(box.height).to.be.greaterThan(8);
    expect(box.top).to.be.at.least(dialogBox.top);
    expect(box.bottom).to.be.at.most(frameOf(el)!.getBoundingClientRect().top + 1);
    // In the header, left of the close button.
    expect(box.right).to.be.at.most(close.getBoundingClientRect().left);
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('a long frame-title is cut with an ellipsis and leaves the close button inside the dialog', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    el.frameTitle = 'Connect your bank account securely with our open-banking partner '.repeat(4).trim();
    buttonOf(el).click();
    await waitFor(() => !!frameOf(el)?.src);
    await el.updateComplete;
    const dialogBox = el.shadowRoot!.querySelector('dialog')!.getBoundingClientRect();
    const title = el.shadowRoot!.querySelector<HTMLElement>('[part="title"]')!;
    const closeBox = el.shadowRoot!.querySelector('[part="close"]')!.getBoundingClientRect();
    expect(title.textContent).to.equal(el.frameTitle);
    expect(title.scrollWidth).to.be.greaterThan(title.clientWidth);
    expect(getComputedStyle(title).textOverflow).to.equal('ellipsis');
    expect(closeBox.right).to.be.at.most(dialogBox.right + 0.5);
    expect(closeBox.width).to.be.greaterThan(10);
    el.cancel();
  });

  it('success via the callback page message (source is the iframe) → dialog removed, focus back on the button, nothing left', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'approve', after: 100 }));
    const seen = countOutcomes(el);
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    const ev = await success;
    expect(ev.detail.params['code']).to.equal('auth-code-1');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(buttonOf(el));
    await aTimeout(200);
    expect(seen).to.deep.equal(['session-success']);
    expect(tracker.live()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  });

  it('the iframe is inserted with its src already set: no blank document loads first', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'approve', after: 100 }));
    const inserted: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          for (const frame of node instanceof Element ? node.querySelectorAll('iframe') : [])
            inserted.push(frame.getAttribute('src') ?? '');
    });
    observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await success;
    observer.disconnect();
    expect(inserted).to.have.length(1);
    expect(inserted[0]!.startsWith(`${PROVIDER_ORIGIN}/provider/page`)).to.equal(true);
  });

  it('session-created comes once the hosted page is on its way: a slow listener does not hold it back', async () => {
    const id = uniqueId();
    const el = await mount('iframe', endpoint(id, { record: id }));
    let atEvent: { src: string; open: boolean } | undefined;
    let listenerEnded = 0;
    el.addEventListener(
      'session-created',
      () => {
        atEvent = {
          src: frameOf(el)?.getAttribute('src') ?? '',
          open: el.shadowRoot!.querySelector('dialog')?.open === true,
        };
        holdMainThread(300);
        listenerEnded = Date.now();
      },
      { once: true },
    );
    buttonOf(el).click();
    await waitForRequests(`page:${id}`, 1);
    const [page] = await recordedRequests(`page:${id}`);
    expect(atEvent?.src.startsWith(`${PROVIDER_ORIGIN}/provider/page`)).to.equal(true);
    expect(atEvent?.open).to.equal(true);
    // Chromium and Firefox ask for the hosted page while the listener still runs; WebKit starts a
    // frame's load only once the page's task has ended.
    if (!WEBKIT) expect(page!.at).to.be.below(listenerEnded);
    el.cancel();
  });

  it('the outcome is reported while the dialog is still up; it is taken down right after', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'approve', after: 50 }));
    let dialogOpenAtReport: boolean | undefined;
    const success = new Promise<void>((resolve) => {
      el.addEventListener('session-success', () => {
        dialogOpenAtReport = el.shadowRoot!.querySelector('dialog')?.open;
        resolve();
      });
    });
    buttonOf(el).click();
    await success;
    expect(dialogOpenAtReport).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
  });

  it('a new flow started from the success listener keeps its own dialog while the old one is taken down', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'approve', after: 50 }));
    const success = oneEvent(el, 'session-success');
    // The second flow's provider page stays open.
    el.addEventListener(
      'session-success',
      () => {
        el.endpoint = endpoint(uniqueId());
        void el.start().catch(() => undefined);
      },
      { once: true },
    );
    buttonOf(el).click();
    const first = (await success).detail.url;
    // The second flow never reads the first one's return page, left in a reused iframe.
    const ended: string[] = [];
    for (const name of ['session-success', 'session-cancel', 'session-error']) {
      el.addEventListener(name, (event) => ended.push(`${name} ${JSON.stringify((event as CustomEvent).detail)}`));
    }
    await waitFor(() => el.status === 'open' && !!el.shadowRoot!.querySelector('dialog[open]'));
    const frame = el.shadowRoot!.querySelector('iframe')!;
    expect(frame.src).not.to.equal(first);
    await aTimeout(200);
    expect(ended).to.deep.equal([]);
    expect(el.status).to.equal('open');
    expect(el.shadowRoot!.querySelector('dialog[open] iframe')).to.equal(frame);
    el.cancel();
  });

  it('success via the iframe load (return page without the callback script)', async () => {
    const el = await mount(
      'iframe',
      endpoint(uniqueId(), { act: 'approve', after: 100 }),
      PLAIN_DONE_URL,
      PLAIN_CANCEL_URL,
    );
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    expect((await success).detail.params['code']).to.equal('auth-code-1');
  });

  it('cancel URL → cancel-url', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'cancel', after: 50 }));
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    expect((await cancel).detail.reason).to.equal('cancel-url');
  });

  it('Esc → session-cancel reason closed, focus back on the button', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!el.shadowRoot!.querySelector('dialog[open]'));
    const cancel = oneEvent(el, 'session-cancel');
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect((await cancel).detail.reason).to.equal('closed');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(buttonOf(el));
  });

  it('the close button → session-cancel reason closed', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!el.shadowRoot!.querySelector('[part="close"]'));
    const cancel = oneEvent(el, 'session-cancel');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]')!.click();
    expect((await cancel).detail.reason).to.equal('closed');
  });

  it('forged messages from the provider frame are ignored', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { forge: 1, act: 'approve', after: 300 }));
    const seen = countOutcomes(el);
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await success;
    expect(seen).to.deep.equal(['session-success']);
  });

  it('removal mid-flow removes the iframe and ends the flow as aborted', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!frameOf(el));
    const frame = frameOf(el)!;
    const cancel = oneEvent(el, 'session-cancel');
    el.remove();
    expect((await cancel).detail.reason).to.equal('aborted');
    expect(frame.isConnected).to.equal(false);
    expect(tracker.live()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  });

  it('timeout removes the dialog', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    el.timeout = 500;
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('timeout');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
  });
});

describe('inline mode', () => {
  it('renders the iframe inside the element, no dialog, and completes', async () => {
    const el = await mount('inline', endpoint(uniqueId(), { act: 'approve', after: 300 }));
    const created = oneEvent(el, 'session-created');
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!frameOf(el)?.src);
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(frameOf(el)!.closest('[part="inline"]')).not.to.equal(null);
    await expect(el).to.be.accessible();
    await success;
    await el.updateComplete;
    expect(frameOf(el)).to.equal(null);
  });
});

describe('iframe mode: provider pages', () => {
  let spy: ReturnType<typeof spyOnWindowOpen>;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('a provider form step inside the iframe submits and the flow completes; the allow policy is explicit', async () => {
    const el = await mountElement(endpoint(uniqueId(), { form: 1 }), { mode: 'iframe', allow: 'camera; microphone' });
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await waitFor(() => !!el.shadowRoot!.querySelector('iframe'));
    expect(el.shadowRoot!.querySelector('iframe')!.getAttribute('allow')).to.equal('camera; microphone');
    expect((await success).detail.params['code']).to.equal('auth-code-1');
  });

  it('a provider that refuses framing (X-Frame-Options: DENY) is not detectable; with a timeout the flow ends as timeout, not a silent wait', async () => {
    const el = await mountElement(endpoint(uniqueId(), { xfo: 1, act: 'approve' }), {
      mode: 'iframe',
      timeout: '1500',
    });
    const seen = countOutcomes(el);
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('timeout');
    expect(seen).to.deep.equal(['session-error']);
  });
});
