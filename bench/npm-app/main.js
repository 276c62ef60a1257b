// A newcomer's Vite app: imports the package and adds the element the page's query describes.
import 'hosted-auth-session';

const el = document.createElement('hosted-auth-session');
for (const [name, value] of new URLSearchParams(location.search)) el.setAttribute(name, value);
el.textContent = 'Verify';
document.body.append(el);
