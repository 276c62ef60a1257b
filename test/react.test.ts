// hosted-auth-session/react (src/react.ts, @lit/react) rendered by React 19's development build:
// props reach the element, a click runs a real flow against the test server and the typed
// callback props receive the outcome; StrictMode's double mount and double effects still make
// one flow, one backend call, one popup and one callback.
import { aTimeout, expect } from '@open-wc/testing';
import { StrictMode, createElement, useEffect, useRef, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import {
  HostedAuthSession,
  type HostedAuthSessionElement,
  type HostedAuthSessionProps,
  type SessionCancelDetail,
  type SessionCreatedDetail,
  type SessionErrorDetail,
  type SessionSuccessDetail,
} from '../src/react.js';
import {
  buttonOf,
  CANCEL_URL,
  DONE_URL,
  endpoint,
  recordedRequests,
  spyOnWindowOpen,
  uniqueId,
  waitFor,
} from './helpers.js';

type Spy = ReturnType<typeof spyOnWindowOpen>;

/** Calls of one callback prop, with a promise for the first. */
function recorder<T>() {
  const calls: T[] = [];
  let resolveFirst!: (value: T) => void;
  const first = new Promise<T>((resolve) => {
    resolveFirst = resolve;
  });
  return {
    calls,
    first,
    handler: (value: T) => {
      calls.push(value);
      resolveFirst(value);
    },
  };
}

describe('hosted-auth-session/react', () => {
  let container: HTMLElement;
  let root: Root;
  let spy: Spy;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    spy = spyOnWindowOpen();
  });

  afterEach(() => {
    flushSync(() => root.unmount());
    container.remove();
    spy.restore();
  });

  function render(node: ReactNode): HostedAuthSessionElement {
    flushSync(() => root.render(node));
    const el = container.querySelector('hosted-auth-session');
    if (!el) throw new Error('nothing rendered');
    return el;
  }

  function props(id: string, options: Record<string, string | number> = {}): HostedAuthSessionProps {
    return { endpoint: endpoint(id, options), redirectUrl: DONE_URL, cancelUrl: CANCEL_URL };
  }

  it('renders the element, with props set as properties and children as the label', async () => {
    const el = render(
      createElement(
        HostedAuthSession,
        {
          ...props('render'),
          mode: 'iframe',
          popupWidth: 500,
          body: { workflowKey: 'wf-1' },
          headers: { 'X-CSRF-Token': 't' },
        },
        'Verify with React',
      ),
    );
    await el.updateComplete;
    expect(el.endpoint).to.equal(endpoint('render'));
    expect(el.redirectUrl).to.equal(DONE_URL);
    expect(el.mode).to.equal('iframe');
    expect(el.popupWidth).to.equal(500);
    expect(el.body).to.deep.equal({ workflowKey: 'wf-1' });
    expect(el.headers).to.deep.equal({ 'X-CSRF-Token': 't' });
    expect(el.textContent).to.equal('Verify with React');
    expect(el.status).to.equal('idle');
  });

  it('a click runs the flow: onSessionCreated, then onSessionSuccess with the outcome', async () => {
    const id = uniqueId();
    const created = recorder<CustomEvent<SessionCreatedDetail>>();
    const success = recorder<CustomEvent<SessionSuccessDetail>>();
    const el = render(
      createElement(HostedAuthSession, {
        ...props(id, { act: 'approve' }),
        body: { workflowKey: 'wf-1' },
        onSessionCreated: created.handler,
        onSessionSuccess: success.handler,
      }),
    );
    await el.updateComplete;
    buttonOf(el).click();
    const event = await success.first;
    expect(event.detail.params['code']).to.equal('auth-code-1');
    expect(event.detail.url).to.match(/^http:\/\/localhost:\d+\/callback\/done\?/);
    expect(created.calls).to.have.length(1);
    expect(created.calls[0]!.detail.session.url).to.contain('/provider/page');
    expect(el.status).to.equal('success');
    const [request] = await recordedRequests(id);
    expect(request!.body).to.include({ redirectUrl: DONE_URL, cancelUrl: CANCEL_URL, workflowKey: 'wf-1' });
  });

  it('onSessionCancel receives a cancel, onSessionError an error', async () => {
    const cancel = recorder<CustomEvent<SessionCancelDetail>>();
    const el = render(
      createElement(HostedAuthSession, { ...props(uniqueId(), { act: 'cancel' }), onSessionCancel: cancel.handler }),
    );
    await el.updateComplete;
    buttonOf(el).click();
    expect((await cancel.first).detail.reason).to.equal('cancel-url');

    const error = recorder<CustomEvent<SessionErrorDetail>>();
    const failing = render(
      createElement(HostedAuthSession, {
        ...props(uniqueId(), { status: 503, raw: 'down' }),
        onSessionError: error.handler,
      }),
    );
    expect(failing).to.equal(el);
    await failing.updateComplete;
    buttonOf(failing).click();
    const detail = (await error.first).detail;
    expect(detail.code).to.equal('http');
    expect(detail.status).to.equal(503);
    expect(detail.retryable).to.equal(true);
  });

  it('a new callback prop replaces the old one: each outcome reaches only the current handler', async () => {
    const first = recorder<CustomEvent<SessionCancelDetail>>();
    const second = recorder<CustomEvent<SessionCancelDetail>>();
    const shared = props(uniqueId(), { act: 'cancel' });
    render(createElement(HostedAuthSession, { ...shared, onSessionCancel: first.handler }));
    const el = render(createElement(HostedAuthSession, { ...shared, onSessionCancel: second.handler }));
    await el.updateComplete;
    buttonOf(el).click();
    await second.first;
    await aTimeout(100);
    expect(first.calls).to.have.length(0);
    expect(second.calls).to.have.length(1);
  });

  describe('in StrictMode', () => {
    it('the double mount keeps one element; a click makes one flow, one request, one popup, one callback', async () => {
      const id = uniqueId();
      const success = recorder<CustomEvent<SessionSuccessDetail>>();
      const created = recorder<CustomEvent<SessionCreatedDetail>>();
      let effects = 0;
      function Checkout() {
        // Proves the development build's StrictMode is active: this effect runs twice on mount.
        useEffect(() => {
          effects += 1;
        }, []);
        return createElement(
          HostedAuthSession,
          { ...props(id, { act: 'approve' }), onSessionSuccess: success.handler, onSessionCreated: created.handler },
          'Verify',
        );
      }
      const el = render(createElement(StrictMode, null, createElement(Checkout)));
      await waitFor(() => effects === 2);
      expect(container.querySelectorAll('hosted-auth-session')).to.have.length(1);
      await el.updateComplete;
      buttonOf(el).click();
      await success.first;
      await aTimeout(300);
      expect(success.calls).to.have.length(1);
      expect(created.calls).to.have.length(1);
      expect(spy.calls).to.have.length(1);
      expect(await recordedRequests(id)).to.have.length(1);
    });

    it('start() called from an effect, which StrictMode runs twice, still makes one flow', async () => {
      const id = uniqueId();
      const success = recorder<CustomEvent<SessionSuccessDetail>>();
      let starts = 0;
      function AutoStart() {
        const ref = useRef<HostedAuthSessionElement>(null);
        useEffect(() => {
          starts += 1;
          ref.current?.start().catch(() => undefined);
        }, []);
        return createElement(HostedAuthSession, {
          ...props(id, { act: 'approve', after: 200 }),
          mode: 'iframe',
          ref,
          onSessionSuccess: success.handler,
        });
      }
      const el = render(createElement(StrictMode, null, createElement(AutoStart)));
      await success.first;
      await aTimeout(300);
      expect(starts).to.equal(2);
      expect(success.calls).to.have.length(1);
      expect(await recordedRequests(id)).to.have.length(1);
      expect(el.shadowRoot!.querySelectorAll('dialog, iframe')).to.have.length(0);
    });

    it('with prefetch, the double mount fetches one session, and the click uses it', async () => {
      const id = uniqueId();
      const success = recorder<CustomEvent<SessionSuccessDetail>>();
      const el = render(
        createElement(
          StrictMode,
          null,
          createElement(HostedAuthSession, {
            ...props(id, { act: 'approve' }),
            prefetch: true,
            onSessionSuccess: success.handler,
          }),
        ),
      );
      await waitFor(() => el.prefetch);
      await aTimeout(300);
      expect(await recordedRequests(id)).to.have.length(1);
      buttonOf(el).click();
      await success.first;
      await aTimeout(100);
      expect(success.calls).to.have.length(1);
      expect(spy.calls).to.have.length(1);
      // One prefetched request, used by the click; after the flow the element prefetches again.
      expect((await recordedRequests(id)).length).to.be.at.most(2);
    });
  });

  it('unmounting during a flow aborts it and closes the popup', async () => {
    const id = uniqueId();
    const el = render(createElement(HostedAuthSession, props(id, { act: 'none' })));
    await el.updateComplete;
    const aborted = new Promise<CustomEvent<SessionCancelDetail>>((resolve) => {
      el.addEventListener('session-cancel', resolve, { once: true });
    });
    buttonOf(el).click();
    await waitFor(() => el.status === 'open');
    flushSync(() => root.unmount());
    expect((await aborted).detail.reason).to.equal('aborted');
    expect(spy.calls[0]!.win!.closed).to.equal(true);
    root = createRoot(container);
  });
});
