// The styling-and-text page (/theming.html): logs every element's events (marked with its id) and shows the two
// things the page is made of — brand-theme.css as served, and the German element's markup.
import { createEventLog } from './event-log.js';

const $ = (id) => document.getElementById(id);
const log = createEventLog($('event-log'), { empty: $('log-empty') });

for (const element of document.querySelectorAll('hosted-auth-session')) {
  log.watch(element, { source: element.id });
}
$('clear-log').addEventListener('click', () => log.clear());

/** The element's markup as an author writes it: one attribute a line, without what it adds itself. */
function markup(element) {
  const lines = [...element.attributes]
    .filter((attribute) => attribute.name !== 'status' && attribute.name !== 'id')
    .map((attribute) => `  ${attribute.name}="${attribute.value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`);
  return `<hosted-auth-session\n${lines.join('\n')}>${element.textContent}</hosted-auth-session>`;
}

$('german-markup').textContent = markup($('german-popup'));

try {
  const response = await fetch('/brand-theme.css');
  if (!response.ok) throw new Error(`GET /brand-theme.css answered ${response.status}`);
  $('brand-css').textContent = await response.text();
} catch (error) {
  $('brand-css').textContent = `/* Could not load brand-theme.css (${error.message}). Is npm start still running? */`;
}

document.body.dataset.ready = 'true';
