/**
 * The flow binding: one encrypted, authenticated cookie per flow (JWE `dir` + `A256GCM` made by
 * jose, key derived from `cookieSecret` with HKDF), named after a hash of the flow's state so
 * that flows in several tabs keep their own. Nothing is stored on the server.
 */

import { EncryptJWT, errors as joseErrors, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { isLoopbackHttp } from './loopback.js';
import type { ServerProvider } from './providers.js';

/** Every flow cookie's name starts with this; the rest is 16 hex digits of SHA-256(state). */
export const FLOW_COOKIE_PREFIX = 'has_flow_';

/**
 * At most this many flow cookies per browser: starting one more expires the oldest, so
 * abandoned flows never pile up (each also expires with its flow).
 */
export const MAX_FLOW_COOKIES = 8;

/** The fewest bytes `cookieSecret` may have. */
export const MIN_COOKIE_SECRET_BYTES = 32;

/** What a flow cookie holds. */
export interface FlowBinding {
  /** The state the flow's return URL carries (the element's). */
  state: string;
  provider: ServerProvider;
  /** The provider's session id, when its answer names one. */
  sessionId?: string | undefined;
  /** The return URLs the provider was given (OIDC: the exact `redirect_uri`). */
  redirectUrl?: string | undefined;
  cancelUrl?: string | undefined;
  /** OIDC: the PKCE verifier and the nonce of the authorization request. */
  codeVerifier?: string | undefined;
  nonce?: string | undefined;
  /** When the binding was made, in seconds since the epoch (used to expire the oldest). */
  iat: number;
}

const bindingSchema = z.object({
  state: z.string().min(1),
  provider: z.enum(['ultrapass', 'fiskil', 'complycube', 'ulm', 'oidc']),
  sessionId: z.string().optional(),
  redirectUrl: z.string().optional(),
  cancelUrl: z.string().optional(),
  codeVerifier: z.string().optional(),
  nonce: z.string().optional(),
  iat: z.number(),
});

/** Why a flow cookie could not be opened. */
export type OpenFailure = 'expired' | 'invalid';

/** Seals and opens flow cookies with one secret. */
export interface FlowSealer {
  /** The cookie value: a compact JWE that expires at `expiresAt` (ms since the epoch). */
  seal(binding: Omit<FlowBinding, 'iat'>, expiresAt: number): Promise<string>;
  /** The binding, or why not (tampered, another key, not a JWE, expired). */
  open(value: string): Promise<{ ok: true; binding: FlowBinding } | { ok: false; why: OpenFailure }>;
}

/** The length of `cookieSecret` in bytes (UTF-8 for a string), or `undefined` when it is neither kind. */
export function secretBytes(secret: unknown): Uint8Array | undefined {
  if (typeof secret === 'string') return new TextEncoder().encode(secret);
  if (secret instanceof Uint8Array) return secret;
  return undefined;
}

/** A sealer whose key is derived once, on first use, from the secret's bytes. */
export function flowSealer(secret: Uint8Array): FlowSealer {
  let key: Promise<Uint8Array> | undefined;
  const keyOf = () => (key ??= deriveKey(secret));
  return {
    async seal(binding, expiresAt) {
      return new EncryptJWT({ ...binding })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .encrypt(await keyOf());
    },
    async open(value) {
      try {
        const { payload } = await jwtDecrypt(value, await keyOf(), {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
          requiredClaims: ['exp', 'iat'],
        });
        const parsed = bindingSchema.safeParse(payload);
        return parsed.success ? { ok: true, binding: parsed.data } : { ok: false, why: 'invalid' };
      } catch (error) {
        return { ok: false, why: error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}

/** A 256-bit AES key for this purpose only, from the merchant's secret (HKDF-SHA-256). */
async function deriveKey(secret: Uint8Array): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(),
      info: new TextEncoder().encode('hosted-auth-session flow cookie v1'),
    },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/** The flow cookie's name for a state: the prefix and 16 hex digits of SHA-256(state). */
export async function flowCookieName(state: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state)));
  const hex = [...digest.slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${FLOW_COOKIE_PREFIX}${hex}`;
}

/** The request's cookies, name → value (the first of each name, as browsers send the most specific first). */
export function requestCookies(request: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at === -1) continue;
    const name = pair.slice(0, at).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, pair.slice(at + 1).trim());
  }
  return cookies;
}

/** Where the cookie is sent, and whether it is `Secure`. */
export interface CookieScope {
  path: string;
  secure: boolean;
}

/** `Secure`, except on a loopback `http:` origin, where a browser would drop a Secure cookie. */
export function cookieScope(request: Request, path: string): CookieScope {
  return { path, secure: !isLoopbackHttp(new URL(request.url)) };
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, `Max-Age` seconds (0 clears it). */
export function setCookie(name: string, value: string, maxAge: number, scope: CookieScope): string {
  const secure = scope.secure ? '; Secure' : '';
  return `${name}=${value}; Max-Age=${Math.max(0, Math.ceil(maxAge))}; Path=${scope.path}; HttpOnly${secure}; SameSite=Lax`;
}

/**
 * The flow cookies to expire before one more is set, so that the browser keeps at most
 * MAX_FLOW_COOKIES: the oldest first, and any that cannot be opened before those.
 */
export async function cookiesToExpire(request: Request, sealer: FlowSealer, keep: string): Promise<string[]> {
  const flows = [...requestCookies(request)].filter(([name]) => name.startsWith(FLOW_COOKIE_PREFIX) && name !== keep);
  const excess = flows.length - (MAX_FLOW_COOKIES - 1);
  if (excess <= 0) return [];
  const ages = await Promise.all(
    flows.map(async ([name, value]) => {
      const opened = await sealer.open(value);
      return { name, iat: opened.ok ? opened.binding.iat : -Infinity };
    }),
  );
  return ages
    .sort((a, b) => a.iat - b.iat)
    .slice(0, excess)
    .map(({ name }) => name);
}

/**
 * The `Set-Cookie` values that bind a new flow: its own cookie, expiring at `expiresAt` (ms),
 * and expired ones for the oldest flows beyond MAX_FLOW_COOKIES.
 */
export async function bindFlow(
  request: Request,
  options: { sealer: FlowSealer; path: string },
  flow: Omit<FlowBinding, 'iat'>,
  expiresAt: number,
): Promise<string[]> {
  const name = await flowCookieName(flow.state);
  const scope = cookieScope(request, options.path);
  const value = await options.sealer.seal(flow, expiresAt);
  const stale = await cookiesToExpire(request, options.sealer, name);
  return [
    ...stale.map((old) => setCookie(old, '', 0, scope)),
    setCookie(name, value, (expiresAt - Date.now()) / 1000, scope),
  ];
}
