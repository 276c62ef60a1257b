// What spills out of its box on a page, run inside the page (`page.evaluate(overflowingElements)`).

/**
 * Every rendered element whose content is wider than its box (`scrollWidth > clientWidth`) and
 * that does not scroll it (overflow-x `auto` or `scroll`) or end it with an ellipsis, and every
 * element whose box reaches past the viewport's left or right edge outside a box that scrolls or
 * clips it; every text squeezed into a column so narrow that it wraps a few letters per line;
 * and the page itself when it scrolls sideways. Each is named by tag, id, classes and the start
 * of its text.
 */
export function overflowingElements() {
  const SLACK = 1;
  const width = document.documentElement.clientWidth;
  const name = (element) => {
    const id = element.id ? `#${element.id}` : '';
    const classes = [...element.classList].map((c) => `.${c}`).join('');
    const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${element.localName}${id}${classes}${text ? ` "${text}"` : ''}`;
  };
  const scrolls = (style) => style.overflowX === 'auto' || style.overflowX === 'scroll';
  const visuallyHidden = (element, style) =>
    style.position === 'absolute' && (element.clientWidth <= 1 || style.clipPath !== 'none' || style.clip !== 'auto');
  const problems = [];
  if (document.documentElement.scrollWidth > width + SLACK) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
  }
  for (const element of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden' || visuallyHidden(element, style)) continue;
    if (element.closest('details:not([open]) > :not(summary)')) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (
      element.clientWidth > 0 &&
      element.scrollWidth > element.clientWidth + SLACK &&
      !scrolls(style) &&
      style.textOverflow !== 'ellipsis'
    ) {
      problems.push(`${name(element)}: content ${element.scrollWidth}px wide in a ${element.clientWidth}px box`);
    }
    for (const text of element.childNodes) {
      const letters = text.nodeType === Node.TEXT_NODE ? text.textContent.trim().length : 0;
      if (letters < 8) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      if (lines >= 3 && letters / lines < 10) {
        problems.push(`${name(element)}: ${letters} letters wrapped onto ${lines} lines`);
      }
    }
    if (box.right > width + SLACK || box.left < -SLACK) {
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') clipped = true;
      }
      if (!clipped)
        problems.push(
          `${name(element)}: from ${Math.round(box.left)} to ${Math.round(box.right)}px, past the ${width}px viewport`,
        );
    }
  }
  return problems;
}
