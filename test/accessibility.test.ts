// axe-core (through chai-a11y-axe) on the element in every mode and state not covered elsewhere —
// idle and loading are in element.test.ts, the open dialog and the inline frame in frame.test.ts —
// and every built-in string replaced, by attribute and by property, where a person meets it.
import '../src/index.js';
import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { CANCEL_URL, DONE_URL, endpoint, spyOnWindowOpen, uniqueId, waitFor, buttonOf, popupOf } from './helpers.js';
import type { HostedAuthSession } from '../src/index.js';

type Spy = ReturnType<typeof spyOnWindowOpen>;

/** The German strings the demo's theme page uses. */
const GERMAN = {
  label: 'Identität bestätigen',
  loadingText: 'Sitzung wird vorbereitet…',
  frameTitle: 'Sichere Sitzung',
  closeLabel: 'Schließen',
  waitingText: 'Warten, bis das andere Fenster fertig ist…',
  cancelLabel: 'Abbrechen',
};

function part<T extends Element = HTMLElement>(el: HostedAuthSession, name: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[part="${name}"]`);
}

async function mount(
  mode: string,
  endpointUrl: string,
  extra: Record<string, string> = {},
): Promise<HostedAuthSession> {
  const el = await fixture<HostedAuthSession>(html`<hosted-auth-session
    mode=${mode}
    endpoint=${endpointUrl}
    redirect-url=${DONE_URL}
    cancel-url=${CANCEL_URL}
    >Verify my identity</hosted-auth-session
  >`);
  for (const [name, value] of Object.entries(extra)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/**
 * A German element inside a `lang="de"` container, its strings set by attribute. Mounted with
 * `fixtureSync`: `fixture` waits an animation frame for a plain `<div>`, and a page that is not in
 * front (two test files run at once) gets no animation frames.
 */
async function mountGerman(
  mode: string,
  endpointUrl: string,
  extra: Record<string, string> = {},
): Promise<HostedAuthSession> {
  const wrapper = fixtureSync<HTMLDivElement>(html`<div lang="de">
    <hosted-auth-session
      mode=${mode}
      endpoint=${endpointUrl}
      redirect-url=${DONE_URL}
      cancel-url=${CANCEL_URL}
      loading-text=${GERMAN.loadingText}
      frame-title=${GERMAN.frameTitle}
      close-label=${GERMAN.closeLabel}
      waiting-text=${GERMAN.waitingText}
      cancel-label=${GERMAN.cancelLabel}
      >${GERMAN.label}</hosted-auth-session
    >
  </div>`);
  const el = wrapper.querySelector<HostedAuthSession>('hosted-auth-session')!;
  for (const [name, value] of Object.entries(extra)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

/** Starts a popup flow whose opener link COOP cuts, and waits for the "waiting" notice. */
async function showWaitingNotice(el: HostedAuthSession): Promise<void> {
  buttonOf(el).click();
  await waitFor(() => !!part(el, 'waiting'));
  await el.updateComplete;
}

/** The button's accessible label as a person hears it: the slotted text (or the slot's default). */
function buttonLabel(el: HostedAuthSession): string {
  const slot = buttonOf(el).querySelector('slot')!;
  const assigned = slot.assignedNodes({ flatten: true });
  return (assigned.length > 0 ? assigned.map((node) => node.textContent).join('') : (slot.textContent ?? '')).trim();
}

describe('accessibility: every mode and state', () => {
  let spy: Spy;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  for (const mode of ['popup', 'iframe', 'inline', 'redirect']) {
    it(`idle in mode="${mode}"`, async () => {
      const el = await mount(mode, endpoint(uniqueId()));
      expect(buttonOf(el).getAttribute('aria-busy')).to.equal('false');
      await expect(el).to.be.accessible();
    });
  }

  it('disabled: a real disabled button, still named', async () => {
    const el = await mount('popup', endpoint(uniqueId()), { disabled: '' });
    expect(buttonOf(el).disabled).to.equal(true);
    expect(buttonLabel(el)).to.equal('Verify my identity');
    await expect(el).to.be.accessible();
  });

  it('disabled with the default label ("Continue")', async () => {
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session disabled endpoint="/api/x"></hosted-auth-session>`,
    );
    expect(buttonLabel(el)).to.equal('Continue');
    await expect(el).to.be.accessible();
  });

  it('popup mode while the popup is open (the element itself)', async () => {
    const el = await mount('popup', endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => el.status === 'open');
    await el.updateComplete;
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('false');
    expect(part(el, 'waiting')).to.equal(null);
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('the "waiting for the other window" notice (on-window-closed="wait", COOP cut the link)', async () => {
    const el = await mount('popup', endpoint(uniqueId(), { coop: 1 }), { 'on-window-closed': 'wait' });
    await showWaitingNotice(el);
    expect(el.status).to.equal('open');
    const notice = part(el, 'waiting')!;
    // A status region, so the change is announced without moving focus.
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.include('Waiting for the other window to finish…');
    const cancel = part<HTMLButtonElement>(el, 'waiting-cancel')!;
    expect(cancel.type).to.equal('button');
    expect(cancel.textContent!.trim()).to.equal('Cancel');
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('success end state: focus back on the button, no dialog left', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'approve', after: 100 }));
    const success = oneEvent(el, 'session-success');
    buttonOf(el).click();
    await success;
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('success');
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(buttonOf(el));
    await expect(el).to.be.accessible();
  });

  it('cancel end state (cancel-url)', async () => {
    const el = await mount('iframe', endpoint(uniqueId(), { act: 'cancel', after: 100 }));
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    expect((await cancel).detail.reason).to.equal('cancel-url');
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('cancel');
    await expect(el).to.be.accessible();
  });

  it('cancel end state after the waiting notice’s Cancel', async () => {
    const el = await mount('popup', endpoint(uniqueId(), { coop: 1 }), { 'on-window-closed': 'wait' });
    const cancel = oneEvent(el, 'session-cancel');
    buttonOf(el).click();
    await waitFor(() => !!part(el, 'waiting-cancel'));
    part<HTMLButtonElement>(el, 'waiting-cancel')!.click();
    expect((await cancel).detail.reason).to.equal('closed');
    await el.updateComplete;
    expect(part(el, 'waiting')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('error end state (HTTP 500 from the backend)', async () => {
    const el = await mount('popup', endpoint(uniqueId(), { status: 500 }));
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('http');
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('error');
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('error end state (invalid configuration)', async () => {
    const el = await fixture<HostedAuthSession>(
      html`<hosted-auth-session redirect-url=${DONE_URL}>Verify</hosted-auth-session>`,
    );
    const error = oneEvent(el, 'session-error');
    buttonOf(el).click();
    expect((await error).detail.code).to.equal('config');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});

describe('accessibility: translated strings', () => {
  let spy: Spy;
  beforeEach(() => {
    spy = spyOnWindowOpen();
  });
  afterEach(() => spy.restore());

  it('by attribute: the button label (slot), the dialog’s name, the close label and the iframe title', async () => {
    const el = await mountGerman('iframe', endpoint(uniqueId()));
    expect(el.closest('[lang]')!.getAttribute('lang')).to.equal('de');
    expect(buttonLabel(el)).to.equal(GERMAN.label);
    await expect(el).to.be.accessible();
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!el.shadowRoot!.querySelector<HTMLIFrameElement>('dialog[open] iframe')?.src);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.getAttribute('aria-label')).to.equal(GERMAN.frameTitle);
    expect(part(el, 'close')!.getAttribute('aria-label')).to.equal(GERMAN.closeLabel);
    expect(part<HTMLIFrameElement>(el, 'frame')!.title).to.equal(GERMAN.frameTitle);
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('by attribute: the inline region’s name', async () => {
    const el = await mountGerman('inline', endpoint(uniqueId()));
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!part<HTMLIFrameElement>(el, 'frame')?.src);
    expect(part(el, 'inline')!.getAttribute('aria-label')).to.equal(GERMAN.frameTitle);
    expect(part<HTMLIFrameElement>(el, 'frame')!.title).to.equal(GERMAN.frameTitle);
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('by attribute: the popup’s loading page', async () => {
    const el = await mountGerman('popup', endpoint(uniqueId(), { delay: 1500 }));
    buttonOf(el).click();
    const popup = popupOf(spy);
    await waitFor(() => !!popup.document.querySelector('[role="status"]'));
    expect(popup.document.querySelector('[role="status"]')!.textContent).to.equal(GERMAN.loadingText);
    expect(popup.document.title).to.equal(GERMAN.loadingText);
    // Read in the language of its text, the element's (here its container's `lang`).
    expect(popup.document.documentElement.lang).to.equal('de');
    el.cancel();
  });

  it('by attribute: the waiting notice and its Cancel button', async () => {
    const el = await mountGerman('popup', endpoint(uniqueId(), { coop: 1 }), { 'on-window-closed': 'wait' });
    await showWaitingNotice(el);
    expect(part(el, 'waiting')!.textContent).to.include(GERMAN.waitingText);
    expect(part(el, 'waiting-cancel')!.textContent!.trim()).to.equal(GERMAN.cancelLabel);
    await expect(el).to.be.accessible();
    const cancel = oneEvent(el, 'session-cancel');
    part<HTMLButtonElement>(el, 'waiting-cancel')!.click();
    expect((await cancel).detail.reason).to.equal('closed');
  });

  it('by property: every string, and a change re-renders what is on screen', async () => {
    const el = await mount('iframe', endpoint(uniqueId()));
    el.loadingText = GERMAN.loadingText;
    el.frameTitle = GERMAN.frameTitle;
    el.closeLabel = GERMAN.closeLabel;
    el.waitingText = GERMAN.waitingText;
    el.cancelLabel = GERMAN.cancelLabel;
    el.textContent = GERMAN.label;
    await el.updateComplete;
    expect(buttonLabel(el)).to.equal(GERMAN.label);
    const created = oneEvent(el, 'session-created');
    buttonOf(el).click();
    await created;
    await waitFor(() => !!el.shadowRoot!.querySelector<HTMLIFrameElement>('dialog[open] iframe')?.src);
    expect(el.shadowRoot!.querySelector('dialog')!.getAttribute('aria-label')).to.equal(GERMAN.frameTitle);
    expect(part<HTMLIFrameElement>(el, 'frame')!.title).to.equal(GERMAN.frameTitle);
    expect(part(el, 'close')!.getAttribute('aria-label')).to.equal(GERMAN.closeLabel);
    // The open dialog follows a later change of its labels.
    el.closeLabel = 'Fermer';
    el.frameTitle = 'Session sécurisée';
    await el.updateComplete;
    expect(part(el, 'close')!.getAttribute('aria-label')).to.equal('Fermer');
    expect(el.shadowRoot!.querySelector('dialog')!.getAttribute('aria-label')).to.equal('Session sécurisée');
    expect(part<HTMLIFrameElement>(el, 'frame')!.title).to.equal('Session sécurisée');
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('by property: the waiting notice', async () => {
    const el = await mount('popup', endpoint(uniqueId(), { coop: 1 }), { 'on-window-closed': 'wait' });
    el.waitingText = GERMAN.waitingText;
    el.cancelLabel = GERMAN.cancelLabel;
    await showWaitingNotice(el);
    expect(part(el, 'waiting')!.textContent).to.include(GERMAN.waitingText);
    expect(part(el, 'waiting-cancel')!.textContent!.trim()).to.equal(GERMAN.cancelLabel);
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('by property: the popup’s loading page', async () => {
    const el = await mount('popup', endpoint(uniqueId(), { delay: 1500 }));
    el.loadingText = GERMAN.loadingText;
    el.lang = 'de';
    buttonOf(el).click();
    const popup = popupOf(spy);
    await waitFor(() => !!popup.document.querySelector('[role="status"]'));
    expect(popup.document.querySelector('[role="status"]')!.textContent).to.equal(GERMAN.loadingText);
    expect(popup.document.documentElement.lang).to.equal('de');
    el.cancel();
  });

  it('the popup’s loading page takes the page’s language when nothing nearer has one', async () => {
    const el = await mount('popup', endpoint(uniqueId(), { delay: 1500 }));
    const before = document.documentElement.lang;
    document.documentElement.lang = 'fr';
    try {
      buttonOf(el).click();
      const popup = popupOf(spy);
      await waitFor(() => !!popup.document.querySelector('[role="status"]'));
      expect(popup.document.documentElement.lang).to.equal('fr');
    } finally {
      document.documentElement.lang = before;
      el.cancel();
    }
  });
});
