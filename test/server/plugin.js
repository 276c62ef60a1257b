// Mounts the shared test routes (test/server/routes.js) in web-test-runner's server. The return
// pages load the callback script from source; web-test-runner compiles it on the fly.
import { handleTestRoute } from './routes.js';

const CALLBACK_SCRIPT = '<script type="module" src="/src/callback.ts"></script>';

/** Koa middleware: answers the test routes itself and passes everything else on. */
export function testRoutesMiddleware() {
  return async (context, next) => {
    const handled = await handleTestRoute(context.req, context.res, { callbackScript: CALLBACK_SCRIPT });
    if (handled) {
      context.respond = false;
      return undefined;
    }
    return next();
  };
}
