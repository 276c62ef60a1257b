import { expect } from '@open-wc/testing';
import { CHANNEL_NAME, COMPLETE_MESSAGE } from '../src/protocol.js';
import { DONE_URL, MERCHANT_ORIGIN, waitFor } from './helpers.js';

function loadFrame(src: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = src;
  document.body.append(frame);
  return frame;
}

describe('callback page script', () => {
  const realPostMessage = window.postMessage;
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => {
    window.postMessage = realPostMessage;
    for (const frame of frames.splice(0)) frame.remove();
  });

  it('row 34: posts the page URL to its parent with its own origin as targetOrigin, never "*"', async () => {
    const calls: unknown[][] = [];
    window.postMessage = ((...args: unknown[]) => {
      calls.push(args);
    }) as typeof window.postMessage;
    frames.push(loadFrame(`${DONE_URL}?code=abc&state=s1#token=t`));
    await waitFor(() => calls.length > 0);
    const [message, targetOrigin] = calls[0]!;
    expect(targetOrigin).to.equal(MERCHANT_ORIGIN);
    expect(message).to.deep.equal({ type: COMPLETE_MESSAGE, url: `${DONE_URL}?code=abc&state=s1#token=t` });
    expect(calls.every((call) => call[1] !== '*')).to.equal(true);
  });

  it('row 34: refuses a targetOrigin of "*" asked for by the page, and posts to its own origin instead', async () => {
    const calls: unknown[][] = [];
    window.postMessage = ((...args: unknown[]) => {
      calls.push(args);
    }) as typeof window.postMessage;
    frames.push(loadFrame(`${MERCHANT_ORIGIN}/callback/star?code=abc&state=s1`));
    await waitFor(() => calls.length > 0);
    expect(calls.map((call) => call[1])).to.deep.equal([MERCHANT_ORIGIN]);
  });

  it('row 16: strips the outcome parameters from its own URL before it posts, and marks itself reported', async () => {
    let seenUrl = '';
    const frame = loadFrame(`${DONE_URL}?code=abc#token=t`);
    frames.push(frame);
    window.postMessage = (() => {
      seenUrl = frame.contentWindow!.location.href;
    }) as typeof window.postMessage;
    await waitFor(() => seenUrl !== '');
    expect(seenUrl).to.equal(DONE_URL);
    expect(frame.contentWindow!.history.state).to.deep.equal({ 'hosted-auth-session': 'reported' });
  });

  it('also reports on the BroadcastChannel', async () => {
    window.postMessage = (() => {}) as typeof window.postMessage;
    const channel = new BroadcastChannel(CHANNEL_NAME);
    const received: unknown[] = [];
    channel.onmessage = (event) => received.push(event.data);
    try {
      frames.push(loadFrame(`${DONE_URL}?state=from-channel`));
      await waitFor(() => received.length > 0);
      expect(received[0]).to.deep.equal({ type: COMPLETE_MESSAGE, url: `${DONE_URL}?state=from-channel` });
    } finally {
      channel.close();
    }
  });

  it('closes a popup after reporting to its opener', async () => {
    // What each message was when it arrived: WebKit nulls a stored event's `source` once that
    // window has closed (and an assertion message describing a closed window hangs it).
    const messages: { origin: string; fromPopup: boolean; data: unknown }[] = [];
    const onMessage = (event: MessageEvent) =>
      messages.push({ origin: event.origin, fromPopup: event.source === popup, data: event.data });
    window.addEventListener('message', onMessage);
    const popup = window.open(`${DONE_URL}?code=p`, 'callback-test', 'popup=yes,width=300,height=300')!;
    try {
      await waitFor(() => popup.closed && messages.length > 0);
      expect(messages[0]!.origin).to.equal(MERCHANT_ORIGIN);
      expect(messages[0]!.fromPopup, 'the message comes from the popup itself').to.equal(true);
      expect(messages[0]!.data).to.deep.equal({ type: COMPLETE_MESSAGE, url: `${DONE_URL}?code=p` });
    } finally {
      window.removeEventListener('message', onMessage);
      popup.close();
    }
  });
});
