import { setFlagsFromString } from 'node:v8';
import { startWithoutOptimizer } from './v8-tiering.js';

/**
 * Grow the old generation to 1.2× the live data before a full collection, not V8's default of up
 * to 4×: a poller turns over its whole snapshot every interval, so most of that headroom held
 * replaced snapshots. Measured with 500 targets (docs/performance.md): RSS about 280-420 MB with
 * the default, 215-235 MB at 1.5×, 184 MB mean and 193 MB max at 1.2×, for more CPU.
 * Set in-process rather than on the shebang line so `node dist/cli.js` gets it too.
 */
setFlagsFromString('--heap-growing-percent=20');

/**
 * Keep V8's young generation at its 1 MB start instead of letting it grow to 16 MB semi-spaces
 * under load: most of what a scrape or a poll allocates dies young, so a small nursery costs a few
 * more cheap scavenges and saves ~30 MB of RSS. --max-semi-space-size (the shebang, the image's
 * ENTRYPOINT) only works at startup, and the single binary cannot take node flags (Node 20's SEA
 * ignores execArgv); the growth factor is read at every growth decision, so this works however the
 * exporter is started. A larger semi-space cap or a growth factor given explicitly is left to do its job.
 */
const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
const cap = /--max-semi-space-size[= ](\d+)/.exec(given);
// The shipped launchers' own --max-semi-space-size=2 (shebang, image, unit) still lets the nursery double (2 MB):
// measured 1-6 MB more RSS than staying at 1 MB (docs/performance.md, bench/start-forms.ts).
if (!/--semi-space-growth-factor/.test(given) && (!cap || Number(cap[1]) <= 2)) setFlagsFromString('--semi-space-growth-factor=1');

// TurboFan until the exporter is busy: v8-tiering.ts says why.
startWithoutOptimizer();
