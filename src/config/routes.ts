/**
 * Every path the HTTP server serves besides the metrics path. --web.telemetry-path may not be
 * one of them (Fastify would refuse the second route at start-up with a stack trace); a test
 * checks that the server registers no route missing here.
 */
export const FIXED_ROUTES: readonly string[] = ['/', '/scrape', '/discover', '/doctor', '/doctor.json', '/-/healthy', '/-/ready', '/health'];

/** Characters a metrics path may use: no route syntax (`:param`, `*`), query or fragment. */
export const TELEMETRY_PATH = /^\/[A-Za-z0-9._~/-]*$/;
