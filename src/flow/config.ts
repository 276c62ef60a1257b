import { HostedAuthError } from '../errors.js';
import { PROVIDER_NAMES } from '../session/types.js';
import { parseAllowedOrigins } from '../session/origins.js';
import type { ProviderOption } from '../session/types.js';

/** Where the hosted flow is shown (the `mode` attribute). */
export type DisplayMode = 'popup' | 'iframe' | 'inline' | 'redirect';
/** What a popup that reads as closed means (the `on-window-closed` attribute). */
export type WindowClosedMode = 'auto' | 'cancel' | 'wait';
/** What to do when the popup is blocked (the `fallback` attribute). */
export type FallbackMode = 'none' | 'iframe' | 'redirect';

/** What the element's attributes and properties say, as given (strings unchecked). */
export interface FlowOptions {
  endpoint: string | null | undefined;
  confirmEndpoint?: string | null | undefined;
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
  /** Where a URL-derived success is confirmed before it is reported. */
  confirmEndpoint?: string;
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
  onWindowClosed: 'auto',
  fallback: 'none',
  credentials: 'same-origin',
} as const;

const MODES: readonly DisplayMode[] = ['popup', 'iframe', 'inline', 'redirect'];
const CLOSED_MODES: readonly WindowClosedMode[] = ['auto', 'cancel', 'wait'];
const FALLBACKS: readonly FallbackMode[] = ['none', 'iframe', 'redirect'];
const CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

function configError(message: string): HostedAuthError {
  return new HostedAuthError({ code: 'config', message });
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw configError(`${name}: expected ${allowed.join(', ')}, but got ${JSON.stringify(value)}`);
}

/** `value` as an http(s) URL — relative to `base` when one is given, else absolute — or throws `config`. */
function httpUrl(name: string, value: string, base?: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value, base);
  } catch {
    // Reported below with what was expected.
  }
  if (!url) {
    const expected = base ? 'a URL' : 'an absolute URL such as https://shop.example/done';
    throw configError(`${name}: expected ${expected}, but got ${JSON.stringify(value)}`);
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
  const endpoint = options.endpoint?.trim();
  if (!endpoint) throw configError('endpoint: the merchant backend URL is required');
  const origins = options.allowedOrigins;
  const config: FlowConfig = {
    endpoint: httpUrl('endpoint', endpoint, baseUrl),
    provider: oneOf('provider', options.provider || DEFAULTS.provider, ['auto', ...PROVIDER_NAMES]),
    mode: oneOf('mode', options.mode || DEFAULTS.mode, MODES),
    popupWidth: count(options.popupWidth, DEFAULTS.popupWidth, 1),
    popupHeight: count(options.popupHeight, DEFAULTS.popupHeight, 1),
    timeout: count(options.timeout, DEFAULTS.timeout),
    pollInterval: count(options.pollInterval, DEFAULTS.pollInterval, 1),
    allowedOrigins: parseAllowedOrigins(typeof origins === 'object' && origins ? origins.join(' ') : origins),
    allow: options.allow ?? DEFAULTS.allow,
    onWindowClosed: oneOf('on-window-closed', options.onWindowClosed || DEFAULTS.onWindowClosed, CLOSED_MODES),
    fallback: oneOf('fallback', options.fallback || DEFAULTS.fallback, FALLBACKS),
    body: options.body ?? {},
    headers: options.headers ?? {},
    credentials: oneOf('credentials', options.credentials ?? DEFAULTS.credentials, CREDENTIALS),
  };
  const confirmEndpoint = options.confirmEndpoint?.trim();
  if (confirmEndpoint) config.confirmEndpoint = httpUrl('confirm-endpoint', confirmEndpoint, baseUrl);
  if (options.redirectUrl) config.redirectUrl = httpUrl('redirect-url', options.redirectUrl);
  if (options.cancelUrl) config.cancelUrl = httpUrl('cancel-url', options.cancelUrl);
  if (typeof config.body !== 'object' || Array.isArray(config.body)) {
    throw configError('body: expected an object of extra JSON fields');
  }
  return config;
}
