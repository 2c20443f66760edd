// The CLI proper; src/cli.ts loads it once V8's settings are in place.
import { parseArgv } from '../config/argv.js';
import { helpText, loadConfig, secretsOf, type Config } from '../config/config.js';
import { VitalsError } from '../errors.js';
import { createLogger } from '../log.js';
import { runCheck } from './check.js';
import { startExporter } from './serve.js';
import { VERSION } from '../version.js';

const USAGE = `Usage: redis-vitals [serve] [flags]

Prometheus exporter for Redis persistence, memory and host health.

Commands:
  serve     Poll Redis on an interval and serve /metrics and /doctor (default)
  check     Poll once, print the doctor's verdict, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
            (a Nagios/Icinga plugin, a Kubernetes exec probe or a cron job)
  doctor    Poll once and print every failing check with its remedy

Flags (each also settable by its env var; flags win over env, env over --config.file):
${helpText()}
  --help       Show this help
  --version    Print the version
`;

const COMMANDS = new Set(['serve', 'check', 'doctor']);
/** Upper bound for a clean shutdown; in-flight responses and Redis connections get this long. */
const SHUTDOWN_GRACE_MS = 5000;

/** Bad usage: exit 2 for the daemon (like most CLIs), 3 (UNKNOWN) for the Nagios-style commands. */
let usageExit = 2;

function fail(message: string): never {
  process.stderr.write(`redis-vitals: ${message}\n`);
  process.exit(usageExit);
}

async function serve(config: Config): Promise<void> {
  const logger = createLogger({ format: config.log.format, level: config.log.level, secrets: secretsOf(config) });
  for (const line of config.warnings) logger.warn(line);
  const running = await startExporter(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ error: (err as Error).message }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main(argv: readonly string[]): Promise<void> {
  // Known before parsing, so that a bad flag under check/doctor (an unknown one too) is UNKNOWN (3).
  if (argv.some((a) => a === 'check' || a === 'doctor')) usageExit = 3;
  let parsed;
  try {
    parsed = parseArgv(argv);
  } catch (err) {
    if (err instanceof VitalsError && err.code === 'E_CONFIG') fail(err.message);
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.version) {
    process.stdout.write(`redis-vitals ${VERSION} (node ${process.version})\n`);
    return;
  }
  const [command = 'serve', ...extra] = parsed.positionals;
  if (command === 'check' || command === 'doctor') usageExit = 3;
  if (!COMMANDS.has(command)) fail(`unknown command "${command}"; commands: ${[...COMMANDS].join(', ')}`);
  if (extra.length > 0) fail(`unexpected argument "${extra[0]}"`);
  let config: Config;
  try {
    config = loadConfig(parsed.values, process.env);
  } catch (err) {
    if (err instanceof VitalsError && err.code === 'E_CONFIG') fail(err.message);
    throw err;
  }
  if (command === 'serve') return serve(config);
  // Only warnings and errors on stderr: stdout carries the plugin output.
  const level = config.log.level === 'error' ? 'error' : 'warn';
  const logger = createLogger({ format: config.log.format, level, secrets: secretsOf(config) });
  for (const line of config.warnings) logger.warn(line);
  const code = await runCheck(config, logger, command === 'check' ? 'check' : 'doctor', process.stdout);
  process.exit(code);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof VitalsError && err.code === 'E_CONFIG') fail(err.message);
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') fail(`cannot listen: address already in use (${e.message.replace(/^.*EADDRINUSE:?\s*/, '')})`);
  if (e.code === 'EACCES') fail(`cannot listen: permission denied (${e.message})`);
  process.stderr.write(`redis-vitals: fatal: ${e.message}\n`);
  process.exit(usageExit === 3 ? 3 : 1);
});
