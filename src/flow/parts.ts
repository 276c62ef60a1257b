// What a flow needs once the backend has answered, as one module graph behind one lazy import:
// the answer reader with every provider adapter, checking, showing and watching the session, the
// dialog view and the redirect store.
export { readResponse } from '../session/read.js';
export { checkSession } from './check-session.js';
export { confirmSuccess, returnOutcome } from './confirm.js';
export { frameStyles, frameView } from './frame-view.js';
export { leaveForFlow } from './redirect.js';
export { watchWindow } from './watch.js';
