// The hosted page every emulator shows for a session: a small provider-branded step with
// Approve / Cancel / Deny buttons. The markup carries each button's target in `data-href`; the
// behaviour lives in one external script served by the emulator (no inline script), so the page
// works under a strict Content-Security-Policy, in a popup and inside an iframe.

export const HOSTED_PAGE_SCRIPT_PATH = '/assets/hosted-page.js';

// The buttons arrive disabled and this script enables them once they work: a click that lands
// before it has run (a slow network, a quick user, a test) waits instead of doing nothing.
export const HOSTED_PAGE_SCRIPT = `// Each action button sends the browser to the URL the server put in its data-href.
for (const button of document.querySelectorAll('button[data-href]')) {
  button.addEventListener('click', () => {
    for (const other of document.querySelectorAll('button')) other.disabled = true;
    button.setAttribute('aria-busy', 'true');
    window.location.assign(button.dataset.href);
  });
  button.disabled = false;
}
`;

const ACTIONS = [
  { id: 'approve', label: 'Approve', kind: 'primary' },
  { id: 'deny', label: 'Deny', kind: 'secondary' },
  { id: 'cancel', label: 'Cancel', kind: 'link' },
];

/**
 * Renders a hosted page.
 * @param {{
 *   brand: string, accent: string, theme?: 'light' | 'dark', title: string, heading: string,
 *   intro: string, details?: Array<[string, string]>,
 *   choice?: { legend: string, options: string[], selected?: number },
 *   notice?: string, footer?: string,
 *   actions: { approve?: string, cancel?: string, deny?: string },
 * }} page
 */
export function renderHostedPage(page) {
  const theme = page.theme === 'dark' ? 'dark' : 'light';
  const details = (page.details ?? [])
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const buttons = ACTIONS.filter((action) => page.actions[action.id] !== undefined)
    .map(
      (action) =>
        `<button type="button" id="${action.id}" class="${action.kind}" data-href="${escapeHtml(
          page.actions[action.id],
        )}" disabled>${action.label}</button>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${pageCss(page.accent)}</style>
<script src="${HOSTED_PAGE_SCRIPT_PATH}" defer></script>
</head>
<body>
<main class="card">
<header><span class="logo" aria-hidden="true">${escapeHtml(page.brand.slice(0, 1))}</span><span class="brand">${escapeHtml(page.brand)}</span></header>
<h1>${escapeHtml(page.heading)}</h1>
<p class="intro">${escapeHtml(page.intro)}</p>
${page.notice ? `<p class="notice" role="alert">${escapeHtml(page.notice)}</p>` : ''}
${details ? `<dl>${details}</dl>` : ''}
${page.choice ? renderChoice(page.choice) : ''}
<div class="actions">${buttons}</div>
${page.footer ? `<p class="footer">${escapeHtml(page.footer)}</p>` : ''}
</main>
</body>
</html>`;
}

function renderChoice({ legend, options, selected = 0 }) {
  const items = options
    .map(
      (option, index) =>
        `<label><input type="radio" name="choice" value="${index}"${
          index === selected ? ' checked' : ''
        }> ${escapeHtml(option)}</label>`,
    )
    .join('');
  return `<fieldset><legend>${escapeHtml(legend)}</legend>${items}</fieldset>`;
}

function pageCss(accent) {
  return `
:root { --accent: ${accent}; --bg: #f4f5f7; --card: #fff; --text: #1d2330; --muted: #5b6475; --line: #dde1e8;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color-scheme: light; }
[data-theme="dark"] { --bg: #11141a; --card: #1b2029; --text: #eef1f6; --muted: #a4adbd; --line: #323a47; color-scheme: dark; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); padding: 16px; }
.card { width: 100%; max-width: 400px; background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 28px; box-shadow: 0 8px 30px rgb(0 0 0 / 0.08); }
header { display: flex; align-items: center; gap: 10px; margin-bottom: 20px; font-weight: 600; }
.logo { display: grid; place-items: center; width: 32px; height: 32px; border-radius: 8px; background: var(--accent); color: #fff; }
h1 { font-size: 1.35rem; margin: 0 0 8px; }
.intro, .footer { color: var(--muted); line-height: 1.45; margin: 0 0 16px; }
.footer { font-size: 0.85rem; margin: 16px 0 0; }
.notice { border-left: 4px solid #d93f3f; background: rgb(217 63 63 / 0.08); padding: 10px 12px; border-radius: 6px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 6px 12px; margin: 0 0 16px; font-size: 0.9rem; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
fieldset { border: 1px solid var(--line); border-radius: 10px; margin: 0 0 16px; padding: 10px 14px; }
legend { color: var(--muted); font-size: 0.85rem; padding: 0 4px; }
fieldset label { display: block; padding: 6px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
button { font: inherit; border-radius: 8px; padding: 10px 18px; cursor: pointer; border: 1px solid var(--line); background: transparent; color: var(--text); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button.link { border-color: transparent; color: var(--muted); text-decoration: underline; }
button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button:disabled { opacity: 0.6; cursor: progress; }
`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
