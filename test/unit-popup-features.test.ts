import { expect } from '@open-wc/testing';
import { popupFeatures } from '../src/flow/popup.js';

/** The features string as a map of name → value. */
function features(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((pair) => pair.split('=') as [string, string]));
}

describe('popupFeatures', () => {
  // [name, [width, height], [screenX, screenY, outerWidth, outerHeight], [width, height, left, top] expected]
  const cases: [string, [number, number], [number, number, number, number], [number, number, number, number]][] = [
    ['centred over the window', [480, 720], [100, 50, 1280, 800], [480, 720, 500, 90]],
    ['odd sizes rounded to integers', [480.6, 719.4], [0.5, 0, 1001, 801], [481, 719, 261, 41]],
    ['larger than the window: clamped at 0', [800, 900], [0, 0, 400, 300], [800, 900, 0, 0]],
    ['window on a screen left of the primary: clamped at 0', [480, 720], [-1920, -200, 1280, 800], [480, 720, 0, 0]],
    ['zero or negative size becomes 1', [0, -5], [0, 0, 101, 101], [1, 1, 50, 50]],
  ];
  for (const [name, [width, height], [screenX, screenY, outerWidth, outerHeight], expected] of cases) {
    it(name, () => {
      const text = popupFeatures(width, height, { screenX, screenY, outerWidth, outerHeight });
      const [w, h, left, top] = expected.map(String);
      expect(features(text)).to.deep.equal({ popup: 'yes', width: w, height: h, left, top });
    });
  }

  it('never asks for noopener or noreferrer (window.open would return null)', () => {
    const text = popupFeatures(480, 720).toLowerCase();
    expect(text).not.to.contain('noopener');
    expect(text).not.to.contain('noreferrer');
  });

  it('uses the current window by default', () => {
    const { left, top } = features(popupFeatures(200, 100));
    const expectedLeft = Math.max(0, Math.round(window.screenX + (window.outerWidth - 200) / 2));
    const expectedTop = Math.max(0, Math.round(window.screenY + (window.outerHeight - 100) / 2));
    expect([Number(left), Number(top)]).to.deep.equal([expectedLeft, expectedTop]);
  });
});
