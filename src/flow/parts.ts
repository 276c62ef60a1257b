// What a flow needs once the backend has answered, as one module graph behind one lazy import:
// the answer reader with every provider adapter, showing and watching the session, the dialog
// view and the redirect store.
export { readResponse } from '../session/read.js';
export { frameStyles, frameView } from './frame-view.js';
export { leaveForFlow, takeReturn } from './redirect.js';
export { checkSession, showSession } from './show.js';
