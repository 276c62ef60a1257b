/**
 * The `oidc` preset's protocol work, all of it done by openid-client (an optional peer
 * dependency, imported the first time it is needed): discovery, the authorization URL with PKCE
 * and a nonce, and the code exchange with its `iss` / `state` / `nonce` / ID-token checks.
 */

import type * as OpenIdClient from 'openid-client';
import { clip } from '../errors.js';
import { errorResponse } from './http.js';
import type { ResolvedOidcClient } from './options.js';

type Library = typeof OpenIdClient;

/** Thrown when openid-client cannot be loaded; its message names the package to install. */
export class MissingPackageError extends Error {
  override name = 'MissingPackageError';
}

let loading: Promise<Library> | undefined;

/** openid-client, loaded once; a failed load is tried again on the next call. */
export function loadOpenIdClient(): Promise<Library> {
  loading ??= import('openid-client').catch((cause: unknown) => {
    loading = undefined;
    throw new MissingPackageError(
      "provider 'oidc' needs the optional package openid-client (npm install openid-client@^6.9), which could not be loaded",
      { cause },
    );
  });
  return loading;
}

/** The authorization request of one flow: its URL, and what the code exchange needs later. */
export interface AuthorizationRequest {
  url: string;
  codeVerifier: string;
  nonce: string;
}

/** What the code exchange gives `onConfirmed`. */
export interface OidcConfirmation {
  /** The ID token's claims, checked (`iss`, `aud`, `nonce`, signature, times). */
  claims: Record<string, unknown>;
  /** The token endpoint's answer (`access_token`, `id_token`, `refresh_token`, `expires_in`, …). */
  tokens: Record<string, unknown>;
}

/** One OpenID Provider as a handler sees it: discovery is cached, and tried again after a failure. */
export interface OidcClient {
  authorizationRequest(params: Record<string, string>): Promise<AuthorizationRequest>;
  exchange(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<OidcConfirmation>;
}

export function oidcClient(options: ResolvedOidcClient): OidcClient {
  let configuration: Promise<{ lib: Library; config: OpenIdClient.Configuration }> | undefined;
  const discover = () =>
    (configuration ??= (async () => {
      const lib = await loadOpenIdClient();
      const auth =
        options.clientAuth === 'none'
          ? lib.None()
          : options.clientAuth === 'client_secret_post'
            ? lib.ClientSecretPost(options.secret)
            : lib.ClientSecretBasic(options.secret);
      // Non-repudiation: the ID token's signature is checked against the provider's keys too.
      const execute = [lib.enableNonRepudiationChecks];
      if (options.allowInsecureRequests) execute.push(lib.allowInsecureRequests);
      const config = await lib.discovery(options.issuer, options.clientId, undefined, auth, {
        execute,
        timeout: options.timeoutMs / 1000,
      });
      return { lib, config };
    })().catch((error: unknown) => {
      configuration = undefined;
      throw new DiscoveryError(error);
    }));

  return {
    async authorizationRequest(params) {
      const { lib, config } = await discover();
      const codeVerifier = lib.randomPKCECodeVerifier();
      const nonce = lib.randomNonce();
      const url = lib.buildAuthorizationUrl(config, {
        ...params,
        response_type: 'code',
        code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        nonce,
      });
      return { url: url.href, codeVerifier, nonce };
    },
    async exchange(currentUrl, checks) {
      const { lib, config } = await discover();
      const tokens = await lib.authorizationCodeGrant(config, currentUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      return { claims: { ...tokens.claims() }, tokens: { ...tokens } };
    },
  };
}

/** Discovery failed: the provider's metadata could not be read (or openid-client is missing). */
class DiscoveryError extends Error {
  override name = 'DiscoveryError';
  constructor(cause: unknown) {
    super('discovery failed', { cause });
  }
}

/** Codes openid-client gives a provider answer it could not use (not JSON, a wrong status). */
const BAD_ANSWER_CODES = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_PARSE_ERROR']);

/**
 * The handler's answer for an error from openid-client: 500 when the package is missing, 504 too
 * slow, 502 unreachable or unusable (and any discovery failure), 400 with the provider's OAuth
 * error code when it refused (`invalid_grant`, `access_denied`), 400 `invalid_provider_response`
 * when a check failed (state, `iss`, nonce, ID-token signature or audience). Never a token.
 */
export function oidcFailure(error: unknown, timeoutMs: number): Response {
  const discovery = error instanceof DiscoveryError;
  const cause = discovery ? error.cause : error;
  if (cause instanceof MissingPackageError) return errorResponse(500, 'server_misconfigured', cause.message);
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const api = 'the OpenID Provider';
  if (code === 'OAUTH_TIMEOUT') {
    return errorResponse(504, 'provider_timeout', `${api} did not answer within ${timeoutMs} ms`);
  }
  if (code === undefined || code === 'OAUTH_ABORT') {
    return errorResponse(502, 'provider_unreachable', `could not reach ${api}`);
  }
  if (discovery)
    return errorResponse(502, 'bad_gateway', `${api}'s metadata could not be used (${clip(String(code))})`);
  if (code === 'OAUTH_RESPONSE_BODY_ERROR' || code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') {
    const { error: providerCode, status } = cause as { error?: unknown; status?: number };
    if (status !== undefined && status >= 500) return errorResponse(502, 'bad_gateway', `${api} answered ${status}`);
    const said = clip(String(providerCode));
    return errorResponse(
      400,
      'provider_refused',
      `${api} refused the confirmation: ${said}`,
      {},
      { providerCode: said },
    );
  }
  if (BAD_ANSWER_CODES.has(String(code))) return errorResponse(502, 'bad_gateway', `${api} gave an unusable answer`);
  const what = cause instanceof Error ? clip(cause.message) : 'a check failed';
  return errorResponse(400, 'invalid_provider_response', `${api}'s answer failed a check: ${what}`);
}
