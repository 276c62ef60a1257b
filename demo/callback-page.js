// Return pages: for mode="redirect", puts the same element the playground used on this page (the
// pending flow's outcome is reported once, SPEC §6) and shows its events. In a popup or an iframe,
// callback.iife.js has already reported this URL; the element here then finds nothing pending.
import { createFlowElement, flowAttributes, readChoice } from './demo-config.js';
import { createEventLog } from './event-log.js';

const log = createEventLog(document.getElementById('event-log'), { empty: document.getElementById('log-empty') });
const element = createFlowElement(flowAttributes(readChoice(), { origin: location.origin }));
// No button on a return page: the element is only here to report.
element.hidden = true;
log.watch(element);
document.getElementById('stage').append(element);
