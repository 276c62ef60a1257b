// The few statistics both bench files need.

/** The p-th percentile of `values` (nearest rank); NaN when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `n` rounded to `digits` decimals (one by default), as the tables print it. */
export const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
