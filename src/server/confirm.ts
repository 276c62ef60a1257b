import { z } from 'zod';
import { clip } from '../errors.js';
import { readJsonBody, stateSchema, stringField } from './browser-request.js';
import { cookieScope, flowCookieName, requestCookies, setCookie, type FlowBinding } from './flow-cookie.js';
import { errorResponse, isResponse, jsonResponse, withCookies, type HandlerErrorCode } from './http.js';
import { oidcClient, oidcFailure, type OidcClient } from './oidc.js';
import {
  failFor,
  providerOf,
  resolveBinding,
  resolveOidcClient,
  type FlowBindingOptions,
  type OidcClientOptions,
  type ResolvedBinding,
  type ResolvedOidcClient,
} from './options.js';
import { PROVIDERS, type ProviderSpec, type ServerProvider } from './providers.js';

/** What `onConfirmed` learns about a confirmed flow. */
export interface ConfirmedFlow {
  /** The browser's confirm request (its body already read): check your own session cookie here. */
  request: Request;
  /** The provider the flow was started with. */
  provider: ServerProvider;
  /** The flow's state, as bound to this browser. */
  state: string;
  /** The return URL the flow reached, as checked. */
  url: string;
  /** The provider's session id, as the provider named it when the flow was created (Fiskil, UltrapassId). */
  sessionId: string | undefined;
  /** OIDC: the ID token's claims, checked by openid-client (`sub`, `iss`, `aud`, `nonce`, …). */
  claims: Record<string, unknown> | undefined;
  /** OIDC: the token endpoint's answer (`access_token`, `id_token`, `refresh_token`, …). Never sent unless you return it. */
  tokens: Record<string, unknown> | undefined;
}

interface ConfirmCommonOptions extends Pick<FlowBindingOptions, 'cookiePath'> {
  /** The session handler's `cookieSecret` (required): the flow cookie is opened with it. */
  cookieSecret: string | Uint8Array;
  /**
   * Runs once the flow is confirmed: set your login session or record the verification here.
   * What it returns is the 200 JSON answer (`{}` when nothing); throw a `Response` to refuse.
   */
  onConfirmed: (flow: ConfirmedFlow) => unknown;
  /**
   * Optional, for merchants with a store: return `false` when `state` was seen before (the
   * answer is then 400 `replayed`), `true` after recording it. Runs before the provider is called.
   */
  once?: ((state: string) => boolean | Promise<boolean>) | undefined;
}

/** Options of `createConfirmHandler()`: the provider and `cookieSecret` of the session handler. */
export type ConfirmHandlerOptions =
  | ({ provider: 'ultrapass' | 'fiskil' | 'complycube' } & ConfirmCommonOptions)
  | ({ provider: 'oidc' } & OidcClientOptions & ConfirmCommonOptions);

interface ResolvedConfirm {
  provider: ServerProvider;
  binding: ResolvedBinding;
  returnCarries: NonNullable<ProviderSpec['returnCarries']>;
  onConfirmed: (flow: ConfirmedFlow) => unknown;
  once: ((state: string) => boolean | Promise<boolean>) | undefined;
  oidc: { client: OidcClient; options: ResolvedOidcClient } | undefined;
}

const confirmSchema = z.looseObject({
  url: stringField(4096),
  state: stateSchema,
  sessionId: stringField(512).optional(),
});

/**
 * Creates the endpoint the element's `confirm-endpoint` POSTs `{ url, state, sessionId? }` to.
 * It opens the flow cookie the session handler set for that state (none, a tampered one, an
 * expired one or another flow's → 400, and the provider is not called), checks that `url` is
 * the flow's redirect URL carrying its state (or UltrapassId's session id), confirms with the
 * provider where the protocol allows (OIDC: the code exchange with PKCE, with openid-client's
 * `iss`, `state`, `nonce` and ID-token checks), clears the cookie, and answers 200 with what
 * `onConfirmed` returns. The documented providers give no outcome API to ask: for them the
 * confirmation is the binding itself, and `onConfirmed` is where to ask their APIs or webhooks.
 *
 * Answers: 400 `{ error, message }` (`flow_not_found`, `flow_invalid`, `flow_expired`,
 * `state_mismatch`, `url_mismatch`, `replayed`, `provider_refused` with `providerCode`,
 * `invalid_provider_response`, `invalid_request`, …), 405, 500, 502, 504; all no-store.
 *
 * Throws a TypeError at once when the options are wrong.
 */
export function createConfirmHandler(options: ConfirmHandlerOptions): (request: Request) => Promise<Response> {
  const resolved = resolveConfirmOptions(options);
  return async (request) => {
    try {
      return await confirm(request, resolved);
    } catch {
      return errorResponse(500, 'internal_error', 'the flow could not be confirmed');
    }
  };
}

function resolveConfirmOptions(options: ConfirmHandlerOptions): ResolvedConfirm {
  const fail = failFor('createConfirmHandler');
  const provider = providerOf(options, fail);
  const returnCarries = provider === 'oidc' ? ({ state: true } as const) : PROVIDERS[provider].returnCarries;
  if (returnCarries === undefined) {
    return fail(`${provider} answers at once, with no return URL: there is nothing to confirm`);
  }
  const binding = resolveBinding(options, fail);
  if (binding === undefined) return fail('cookieSecret is required: the one the session handler binds flows with');
  if (typeof options.onConfirmed !== 'function') fail('onConfirmed must be a function');
  if (options.once !== undefined && typeof options.once !== 'function') fail('once must be a function');
  let oidc: ResolvedConfirm['oidc'];
  if (provider === 'oidc') {
    const client = resolveOidcClient(options as OidcClientOptions, fail);
    oidc = { client: oidcClient(client), options: client };
  }
  return { provider, binding, returnCarries, onConfirmed: options.onConfirmed, once: options.once, oidc };
}

async function confirm(request: Request, options: ResolvedConfirm): Promise<Response> {
  if (request.method !== 'POST') {
    return errorResponse(405, 'method_not_allowed', `only POST is accepted, not ${clip(request.method)}`, {
      Allow: 'POST',
    });
  }
  const read = await readJsonBody(request, confirmSchema);
  if (!read.ok) return errorResponse(400, read.error, read.message);
  const { url, state, sessionId } = read.value;

  const name = await flowCookieName(state);
  const sealed = requestCookies(request).get(name);
  if (sealed === undefined) {
    const message =
      'no flow with this state in this browser: it was started elsewhere, expired or was confirmed already';
    return errorResponse(400, 'flow_not_found', message);
  }
  // From here on the answer clears the flow cookie: one confirmation per flow.
  const clear = [setCookie(name, '', 0, cookieScope(request, options.binding.path))];
  const refuse = (error: HandlerErrorCode, message: string, extra: Record<string, string> = {}) =>
    withCookies(errorResponse(400, error, message, {}, extra), clear);

  const opened = await options.binding.sealer.open(sealed);
  if (!opened.ok) {
    return opened.why === 'expired'
      ? refuse('flow_expired', 'the flow has expired: start it again')
      : refuse('flow_invalid', 'the flow cookie could not be opened (altered, or sealed with another cookieSecret)');
  }
  const flow = opened.binding;
  if (flow.state !== state) return refuse('state_mismatch', "the flow cookie holds another flow's state");
  if (flow.provider !== options.provider) {
    return refuse('flow_invalid', `the flow was started for ${flow.provider}, not ${options.provider}`);
  }
  if (sessionId !== undefined && flow.sessionId !== undefined && sessionId !== flow.sessionId) {
    return refuse('state_mismatch', "sessionId is not the flow's");
  }
  const returned = URL.canParse(url) ? new URL(url) : undefined;
  if (returned === undefined) return refuse('invalid_request', 'url must be an absolute URL');
  const mismatch = returnMismatch(returned, flow, options.returnCarries);
  if (mismatch !== undefined) return refuse(mismatch.error, mismatch.message);
  const providerError = returned.searchParams.get('error');
  if (providerError !== null) {
    const code = clip(providerError, 80);
    return refuse('provider_refused', `the flow came back with error=${code}, which is not a success`, {
      providerCode: code,
    });
  }

  try {
    if (options.once !== undefined && !(await options.once(state))) {
      return refuse('replayed', 'this flow was confirmed already');
    }
  } catch (thrown) {
    return isResponse(thrown) ? withCookies(thrown, clear) : errorResponse(500, 'internal_error', 'once() failed');
  }

  let claims: Record<string, unknown> | undefined;
  let tokens: Record<string, unknown> | undefined;
  if (options.oidc !== undefined) {
    try {
      ({ claims, tokens } = await options.oidc.client.exchange(returned, {
        state: flow.state,
        nonce: flow.nonce ?? '',
        codeVerifier: flow.codeVerifier ?? '',
      }));
    } catch (error) {
      const failure = oidcFailure(error, options.oidc.options.timeoutMs);
      // An unreachable or slow provider did not spend the code: the cookie stays for a retry.
      return failure.status >= 500 ? failure : withCookies(failure, clear);
    }
  }

  let answer: unknown;
  try {
    answer = await options.onConfirmed({
      request,
      provider: flow.provider,
      state: flow.state,
      url: returned.href,
      sessionId: flow.sessionId,
      claims,
      tokens,
    });
  } catch (thrown) {
    if (isResponse(thrown)) return withCookies(thrown, clear);
    return withCookies(errorResponse(500, 'internal_error', 'the flow could not be confirmed'), clear);
  }
  return withCookies(jsonResponse(200, answer ?? {}), clear);
}

/**
 * Why `url` is not the bound flow's success return, if it is not: another origin or path than
 * its redirect URL, or no (or another) state — or, for UltrapassId, its session id.
 */
function returnMismatch(
  url: URL,
  flow: FlowBinding,
  carries: NonNullable<ProviderSpec['returnCarries']>,
): { error: HandlerErrorCode; message: string } | undefined {
  if (flow.redirectUrl !== undefined) {
    const expected = new URL(flow.redirectUrl);
    if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
      return { error: 'url_mismatch', message: "url is not the flow's redirect URL (origin and path)" };
    }
  }
  const returnedState = url.searchParams.get('state');
  if (returnedState !== null ? returnedState !== flow.state : carries.state) {
    return { error: 'state_mismatch', message: `url carries ${returnedState === null ? 'no' : 'another'} state` };
  }
  const param = carries.sessionIdParam;
  const returnedId = param === undefined ? null : url.searchParams.get(param);
  const idRequired = !carries.state;
  if (returnedId !== null ? returnedId !== flow.sessionId : idRequired) {
    return { error: 'state_mismatch', message: `url does not carry the flow's ${param}` };
  }
  return undefined;
}
