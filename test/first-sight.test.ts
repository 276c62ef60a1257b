import { expect, fixture, html } from '@open-wc/testing';
import { seenAndIdle } from '../src/flow/first-sight.js';

/** Settles to 'seen', 'aborted' or 'waiting' (still pending after `ms`). */
function settleWithin(promise: Promise<void>, ms: number): Promise<string> {
  return Promise.race([
    promise.then(
      () => 'seen',
      () => 'aborted',
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve('waiting'), ms)),
  ]);
}

describe('seenAndIdle: work for a likely click waits until the element is on screen', () => {
  it('resolves for an element on screen', async () => {
    const el = await fixture(html`<span>on screen</span>`);
    expect(await settleWithin(seenAndIdle(el, new AbortController().signal), 2000)).to.equal('seen');
  });

  it('waits while the element is hidden, and resolves once it is shown', async () => {
    const el = await fixture<HTMLElement>(html`<span hidden>hidden</span>`);
    const seen = seenAndIdle(el, new AbortController().signal);
    expect(await settleWithin(seen, 300)).to.equal('waiting');
    el.hidden = false;
    expect(await settleWithin(seen, 2000)).to.equal('seen');
  });

  it('waits while the element is below the fold, and resolves once it is scrolled into view', async () => {
    const box = await fixture<HTMLElement>(
      html`<div style="height: 200px; overflow: auto"><div style="height: 5000px"></div><span>below</span></div>`,
    );
    const el = box.querySelector('span')!;
    const seen = seenAndIdle(el, new AbortController().signal);
    expect(await settleWithin(seen, 300)).to.equal('waiting');
    el.scrollIntoView();
    expect(await settleWithin(seen, 2000)).to.equal('seen');
  });

  it('rejects with the abort reason when aborted before the element is seen, and stops watching', async () => {
    const el = await fixture<HTMLElement>(html`<span hidden>hidden</span>`);
    const controller = new AbortController();
    const seen = seenAndIdle(el, controller.signal);
    controller.abort(new Error('removed'));
    let reason: unknown;
    await seen.catch((error: unknown) => (reason = error));
    expect((reason as Error).message).to.equal('removed');
    el.hidden = false;
    expect(await settleWithin(seen, 300)).to.equal('aborted');
  });

  it('rejects when aborted after the element is seen but before the idle moment', async () => {
    const el = await fixture(html`<span>on screen</span>`);
    const controller = new AbortController();
    const seen = seenAndIdle(el, controller.signal);
    // The observer reports in the next rendering update; the idle moment comes after it.
    await new Promise((resolve) => new IntersectionObserver(resolve).observe(el));
    controller.abort(new Error('removed'));
    expect(await settleWithin(seen, 2000)).to.equal('aborted');
  });
});
