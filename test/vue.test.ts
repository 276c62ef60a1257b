// The Vue 3 usage of docs/frameworks.md, run by Vue's own browser build (runtime + template compiler):
// `isCustomElement` keeps Vue from resolving <hosted-auth-session> as a component, strings bind
// as attributes, `.prop` binds an object as a property, `@session-*` listens to the events.
// The development build is used so that any Vue warning fails the test.
import '../src/index.js';
import { aTimeout, expect } from '@open-wc/testing';
import { createApp, nextTick, ref, type App } from 'vue/dist/vue.esm-browser.js';
import { buttonOf, CANCEL_URL, DONE_URL, endpoint, recordedRequests, spyOnWindowOpen, uniqueId } from './helpers.js';
import type { HostedAuthSession, SessionCancelDetail, SessionErrorDetail, SessionSuccessDetail } from '../src/index.js';

// The template of docs/frameworks.md's VerifyButton.vue, with the URLs bound instead of written out.
const TEMPLATE = `
  <hosted-auth-session
    :endpoint="endpoint"
    :redirect-url="redirectUrl"
    :cancel-url="cancelUrl"
    :body.prop="body"
    @session-success="onSuccess"
    @session-cancel="onCancel"
    @session-error="onError"
  >Verify my identity</hosted-auth-session>`;

describe('Vue 3', () => {
  let app: App | undefined;
  let host: HTMLElement;
  let spy: ReturnType<typeof spyOnWindowOpen>;
  let warnings: string[];

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    spy = spyOnWindowOpen();
    warnings = [];
  });

  afterEach(() => {
    app?.unmount();
    app = undefined;
    host.remove();
    spy.restore();
    expect(warnings, 'Vue warnings').to.deep.equal([]);
  });

  function mount(endpointUrl: string) {
    const outcomes = {
      success: [] as CustomEvent<SessionSuccessDetail>[],
      cancel: [] as CustomEvent<SessionCancelDetail>[],
      error: [] as CustomEvent<SessionErrorDetail>[],
    };
    const state = {
      endpoint: ref(endpointUrl),
      redirectUrl: ref(DONE_URL),
      cancelUrl: ref(CANCEL_URL),
      body: ref<Record<string, unknown>>({ workflowKey: 'wf-vue' }),
    };
    app = createApp({
      template: TEMPLATE,
      setup: () => ({
        ...state,
        onSuccess: (event: CustomEvent<SessionSuccessDetail>) => outcomes.success.push(event),
        onCancel: (event: CustomEvent<SessionCancelDetail>) => outcomes.cancel.push(event),
        onError: (event: CustomEvent<SessionErrorDetail>) => outcomes.error.push(event),
      }),
    });
    // As in docs/frameworks.md, for Vue compiling templates in the browser.
    app.config.compilerOptions.isCustomElement = (tag: string) => tag === 'hosted-auth-session';
    app.config.warnHandler = (message: string) => {
      warnings.push(message);
    };
    app.mount(host);
    const el = host.querySelector('hosted-auth-session') as HostedAuthSession;
    return { el, outcomes, state };
  }

  async function until(check: () => boolean) {
    for (let i = 0; i < 250 && !check(); i++) await aTimeout(20);
    expect(check()).to.equal(true);
  }

  it('binds attributes and the .prop object; a click ends in @session-success', async () => {
    const id = uniqueId();
    const { el, outcomes } = mount(endpoint(id, { act: 'approve' }));
    await el.updateComplete;
    expect(el.getAttribute('redirect-url')).to.equal(DONE_URL);
    expect(el.redirectUrl).to.equal(DONE_URL);
    expect(el.body).to.deep.equal({ workflowKey: 'wf-vue' });
    expect(el.textContent).to.equal('Verify my identity');
    buttonOf(el).click();
    await until(() => outcomes.success.length > 0);
    expect(outcomes.success[0]!.detail.params['code']).to.equal('auth-code-1');
    const [request] = await recordedRequests(id);
    expect(request!.body).to.include({ workflowKey: 'wf-vue', redirectUrl: DONE_URL });
    await aTimeout(100);
    expect(outcomes.success).to.have.length(1);
    expect(outcomes.cancel).to.have.length(0);
  });

  it('@session-cancel and @session-error, after reactive updates of the bindings', async () => {
    const { el, outcomes, state } = mount(endpoint(uniqueId(), { act: 'cancel' }));
    await el.updateComplete;
    buttonOf(el).click();
    await until(() => outcomes.cancel.length > 0);
    expect(outcomes.cancel[0]!.detail.reason).to.equal('cancel-url');

    state.endpoint.value = endpoint(uniqueId(), { status: 409, raw: 'workflow not valid' });
    state.body.value = { workflowKey: 'wf-other' };
    await nextTick();
    expect(el.body).to.deep.equal({ workflowKey: 'wf-other' });
    buttonOf(el).click();
    await until(() => outcomes.error.length > 0);
    expect(outcomes.error[0]!.detail.code).to.equal('http');
    expect(outcomes.error[0]!.detail.status).to.equal(409);
  });
});
