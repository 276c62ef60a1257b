import { HostedAuthError } from '../errors.js';
import { providerNames } from '../session/adapters/index.js';
import { parseAllowedOrigins } from '../session/url-safety.js';
import type { ProviderOption } from '../session/types.js';

export type DisplayMode = 'popup' | 'iframe' | 'inline' | 'redirect';
export type WindowClosedMode = 'cancel' | 'wait';
export type FallbackMode = 'none' | 'iframe' | 'redirect';

/** What the element's attributes and properties say, as given (strings unchecked). */
export interface FlowOptions {
  endpoint: string | null | undefined;
  provider: string;
  mode: string;
  redirectUrl: string | null | undefined;
  cancelUrl: string | null | undefined;
  popupWidth: number;
  popupHeight: number;
  timeout: number;
  pollInterval: number;
  allowedOrigins: string | readonly string[] | null | undefined;
  allow: string;
  onWindowClosed: string;
  fallback: string;
  body: Record<string, unknown> | null | undefined;
  headers: Record<string, string> | null | undefined;
  credentials: RequestCredentials | null | undefined;
}

/** The options after checking: every value known good, URLs absolute. */
export interface FlowConfig {
  endpoint: string;
  provider: ProviderOption;
  mode: DisplayMode;
  redirectUrl?: string;
  cancelUrl?: string;
  popupWidth: number;
  popupHeight: number;
  timeout: number;
  pollInterval: number;
  allowedOrigins: string[];
  allow: string;
  onWindowClosed: WindowClosedMode;
  fallback: FallbackMode;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  credentials: RequestCredentials;
}

export const DEFAULTS = {
  provider: 'auto',
  mode: 'popup',
  popupWidth: 480,
  popupHeight: 720,
  timeout: 0,
  pollInterval: 100,
  allow: 'camera; microphone; fullscreen; publickey-credentials-get; clipboard-write',
  onWindowClosed: 'cancel',
  fallback: 'none',
  credentials: 'same-origin',
} as const;

const MODES: readonly DisplayMode[] = ['popup', 'iframe', 'inline', 'redirect'];
const CLOSED_MODES: readonly WindowClosedMode[] = ['cancel', 'wait'];
const FALLBACKS: readonly FallbackMode[] = ['none', 'iframe', 'redirect'];
const CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

function configError(message: string): HostedAuthError {
  return new HostedAuthError({ code: 'config', message });
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw configError(`${name}: expected ${allowed.join(', ')}, but got ${JSON.stringify(value)}`);
}

function absoluteUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`${name}: expected an absolute URL such as https://shop.example/done, but got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`${name}: expected an http(s) URL, but got the scheme ${url.protocol}`);
  }
  return url.href;
}

function count(value: number, fallback: number, min = 0): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= min ? n : fallback;
}

/** Checks the options before anything happens; throws `config` with what was expected. */
export function checkOptions(options: FlowOptions, baseUrl: string): FlowConfig {
  const endpointText = options.endpoint?.trim();
  if (!endpointText) throw configError('endpoint: the merchant backend URL is required');
  let endpoint: URL;
  try {
    endpoint = new URL(endpointText, baseUrl);
  } catch {
    throw configError(`endpoint: expected a URL, but got ${JSON.stringify(endpointText)}`);
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw configError(`endpoint: expected an http(s) URL, but got the scheme ${endpoint.protocol}`);
  }
  const credentials = options.credentials ?? DEFAULTS.credentials;
  const config: FlowConfig = {
    endpoint: endpoint.href,
    provider: oneOf('provider', options.provider || DEFAULTS.provider, ['auto', ...providerNames]),
    mode: oneOf('mode', options.mode || DEFAULTS.mode, MODES),
    popupWidth: count(options.popupWidth, DEFAULTS.popupWidth, 1),
    popupHeight: count(options.popupHeight, DEFAULTS.popupHeight, 1),
    timeout: count(options.timeout, DEFAULTS.timeout),
    pollInterval: count(options.pollInterval, DEFAULTS.pollInterval, 1),
    allowedOrigins:
      typeof options.allowedOrigins === 'string' || options.allowedOrigins == null
        ? parseAllowedOrigins(options.allowedOrigins)
        : parseAllowedOrigins(options.allowedOrigins.join(' ')),
    allow: options.allow ?? DEFAULTS.allow,
    onWindowClosed: oneOf('on-window-closed', options.onWindowClosed || DEFAULTS.onWindowClosed, CLOSED_MODES),
    fallback: oneOf('fallback', options.fallback || DEFAULTS.fallback, FALLBACKS),
    body: options.body ?? {},
    headers: options.headers ?? {},
    credentials: oneOf('credentials', credentials, CREDENTIALS),
  };
  if (options.redirectUrl) config.redirectUrl = absoluteUrl('redirect-url', options.redirectUrl);
  if (options.cancelUrl) config.cancelUrl = absoluteUrl('cancel-url', options.cancelUrl);
  if (typeof config.body !== 'object' || Array.isArray(config.body)) {
    throw configError('body: expected an object of extra JSON fields');
  }
  return config;
}
