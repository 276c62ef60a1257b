// The bench's paired difference: the median of per-round differences and the distribution-free
// 95% interval for it, checked against ranks from published tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pairedDifference, poolSamples, summarize } from '../../bench/compare.js';

/** a[i] − b[i] = i + 1 for i < n, in a shuffled order: the ranks are the values. */
function ranked(n) {
  const diffs = Array.from({ length: n }, (_, i) => i + 1).sort((x, y) => ((x * 7919) % 13) - ((y * 7919) % 13));
  return { a: diffs.map((d) => d + 100), b: diffs.map(() => 100) };
}

describe('bench: paired difference', () => {
  it('takes the median of the per-round differences, not the difference of medians', () => {
    // Medians of a and b are both 2; every round, a is 1 more than b.
    assert.equal(pairedDifference([1, 2, 3], [0, 1, 2]).median, 1);
    assert.equal(pairedDifference([10, 2, 30, 4], [9, 1, 29, 3]).median, 1);
  });

  it('gives the interval between the order statistics a binomial table gives', () => {
    // n = 10: ranks 2 and 9 (coverage 97.9%); n = 20: 6 and 15; n = 80: 31 and 50.
    for (const [n, low, high] of [
      [10, 2, 9],
      [20, 6, 15],
      [80, 31, 50],
    ]) {
      const { a, b } = ranked(n);
      const result = pairedDifference(a, b);
      assert.deepEqual([result.low, result.high], [low, high], `n = ${n}`);
      assert.equal(result.median, (n + 1) / 2);
    }
  });

  it('gives no finite interval when too few rounds could support one', () => {
    const { a, b } = ranked(5);
    const result = pairedDifference(a, b);
    assert.equal(result.median, 3);
    assert.deepEqual([result.low, result.high], [-Infinity, Infinity]);
  });
});

describe('bench: pooled runs', () => {
  const run = (offset) => ({
    element: { open: [10 + offset, 20 + offset] },
    floor: { open: [9 + offset, 18 + offset] },
  });

  it('puts the runs one after another, so each round keeps its pair', () => {
    const pooled = poolSamples([run(0), run(100)]);
    assert.deepEqual(pooled.element.open, [10, 20, 110, 120]);
    assert.deepEqual(pooled.floor.open, [9, 18, 109, 118]);
    // The per-round differences are 1, 2, 1, 2: pooling kept the pairing.
    assert.equal(summarize(pooled, 'element').paired.floor.open.median, 1.5);
  });

  it('keeps a setting every run shares, and refuses runs that differ in one', () => {
    assert.deepEqual(
      poolSamples([
        { latency: 50, s: [1] },
        { latency: 50, s: [2] },
      ]),
      { latency: 50, s: [1, 2] },
    );
    assert.throws(() => poolSamples([{ latency: 50 }, { latency: 0 }]), /runs differ in a setting \(50 and 0\)/);
  });

  it('summarizes each variant and the subject against every other one', () => {
    const summary = summarize(run(0), 'element');
    assert.deepEqual(Object.keys(summary.paired), ['floor']);
    assert.equal(summary.element.open.n, 2);
    assert.equal(summary.floor.open.p50, 9);
  });
});

describe('bench: pooled rows', () => {
  it('pools a list of rows item by item, not one after another', () => {
    const run = (x) => [
      { latency: 50, samples: { npm: { open: [x] } } },
      { latency: 0, samples: { npm: { open: [x + 1] } } },
    ];
    const pooled = poolSamples([run(1), run(10)]);
    assert.equal(pooled.length, 2);
    assert.deepEqual(pooled[0], { latency: 50, samples: { npm: { open: [1, 10] } } });
    assert.deepEqual(pooled[1], { latency: 0, samples: { npm: { open: [2, 11] } } });
    assert.throws(() => poolSamples([run(1), run(1).slice(1)]), /differ in their rows/);
  });
});
