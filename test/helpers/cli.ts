import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--import', 'tsx', 'src/cli.ts'];

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real command line to completion (for --help, --version, bad flags, `check`). */
export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Daemon {
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved as they came. */
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts the real command line as a daemon; output is collected for assertions. */
export function spawnCli(args: string[], env: Record<string, string> = {}): Daemon {
  return spawnCommand(process.execPath, [...CLI, ...args], { ...process.env, ...env });
}

/** Starts any form of the exporter (the installed bin, the single binary) as a daemon. */
export function spawnCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Daemon {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}
