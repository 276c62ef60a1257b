// Shared fast-check building blocks for the property tests.
import fc from 'fast-check';
import { HostedAuthError, type HostedAuthErrorCode } from '../src/errors.js';
import type { ProviderOption } from '../src/session/types.js';

export const RUNS = { numRuns: 300 };
export const PROVIDER_OPTIONS: readonly ProviderOption[] = [
  'ultrapass',
  'fiskil',
  'complycube',
  'ulm',
  'generic',
  'auto',
];

/** Runs `run`; a HostedAuthError with one of `codes` is fine, anything else thrown fails the property. */
export function throwsOnly(codes: readonly HostedAuthErrorCode[], run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (error instanceof HostedAuthError && codes.includes(error.code)) return;
    throw new Error(`threw ${String(error)} (${(error as { code?: string })?.code ?? typeof error})`, { cause: error });
  }
}

/** Everything fast-check can build, including the odd corners (null prototypes, boxed values, Maps…). */
export const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
  maxDepth: 3,
});

/** Objects built from the keys the adapters look for, with values of any type. */
// prettier-ignore
export const PROVIDER_KEYS = [
  'getSessionUrl', 'auth_url', 'expires_at', 'id', 'session_id', 'redirectUrl', 'processId', 'lastStep',
  'runtimeId', 'userId', 'userAuthenticated', 'url', 'sessionUrl', 'sessionId', 'expiresAt', 'fault',
  'message', 'name', 'temporary', 'timeout', 'type', 'param', 'code', 'errorCode', 'error', 'error_description',
] as const;
export const fieldValue = fc.oneof(
  fc.string(),
  fc.webUrl(),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, undefined, '', 'javascript:alert(1)', '2030-01-01T00:00:00Z', 'not a date'),
  anything,
);
export const providerShaped = fc.dictionary(fc.constantFrom(...PROVIDER_KEYS), fieldValue, { maxKeys: 8 });
export const payload = fc.oneof(anything, fc.jsonValue(), providerShaped, fc.string());
export const status = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.constantFrom(400, 401, 408, 409, 424, 429, 500),
  fc.integer(),
);
