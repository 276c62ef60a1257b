import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkShape } from '../src/session/shape.js';

describe('checkShape (the field checker for provider answers and the stored redirect record)', () => {
  const shape = { id: 's', count: 'n', done: 'b', note: 's?', extra: 'u?', inner: { url: 's', at: 'n?' } } as const;
  const good = { id: 'a', count: 1, done: false, inner: { url: 'https://x.example/' } };

  it('accepts a matching object and returns only the shape’s fields', () => {
    const result = checkShape(shape, { ...good, note: 'n', unknown: 1, inner: { url: 'u', at: 2, other: true } });
    expect(result).to.deep.equal({
      ok: true,
      data: { id: 'a', count: 1, done: false, note: 'n', inner: { url: 'u', at: 2 } },
    });
  });

  it('leaves missing optional fields out, and takes anything for `u`', () => {
    expect(checkShape(shape, good)).to.deep.equal({ ok: true, data: good });
    for (const extra of [0, 'x', null, [], {}]) {
      const result = checkShape(shape, { ...good, extra });
      expect(result.ok && result.data.extra).to.equal(extra);
    }
  });

  it('names each field that does not match, nested ones dotted', () => {
    const result = checkShape(shape, { id: 1, count: '1', done: 'yes', note: null, inner: { at: 'later' } });
    expect(result).to.deep.equal({ ok: false, fields: ['id', 'count', 'done', 'note', 'inner.url', 'inner.at'] });
    expect(checkShape(shape, { ...good, inner: 'x' })).to.deep.equal({ ok: false, fields: ['inner'] });
  });

  it('refuses numbers that JSON cannot carry and values that are not objects', () => {
    for (const count of [NaN, Infinity, -Infinity]) {
      expect(checkShape(shape, { ...good, count })).to.deep.equal({ ok: false, fields: ['count'] });
    }
    for (const value of [null, undefined, 'x', 1, true, [], [good]]) {
      expect(checkShape(shape, value)).to.deep.equal({ ok: false, fields: ['(body)'] });
    }
  });

  it('property: a field is refused exactly when its value has the wrong type', () => {
    const kinds = { s: fc.string(), n: fc.double({ noNaN: true, noDefaultInfinity: true }), b: fc.boolean() };
    const any = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer()));
    fc.assert(
      fc.property(fc.constantFrom('s', 'n', 'b'), any, (kind, value) => {
        const fits =
          kind === 's' ? typeof value === 'string' : kind === 'n' ? Number.isFinite(value) : typeof value === 'boolean';
        expect(checkShape({ field: kind }, { field: value }).ok).to.equal(fits);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('s', 'n', 'b'), (kind) => {
        fc.assert(fc.property(kinds[kind], (value) => checkShape({ field: kind }, { field: value }).ok));
      }),
      { numRuns: 3 },
    );
  });
});
