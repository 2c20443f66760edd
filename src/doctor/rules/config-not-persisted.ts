import { parseMemory, parseOutputBufferLimits } from '../../parse/config.js';
import { hostValues } from '../host-values.js';
import { SECRET_SET } from '../../parse/redis-conf.js';
import type { DoctorInput, Rule } from '../types.js';

type Kind = 'bytes' | 'word' | 'save' | 'cobl' | 'path' | 'presence';
/** What matters for persistence and memory, and Redis's default where the file may leave it out. */
const SETTINGS: readonly (readonly [string, Kind, string | undefined])[] = [
  ['maxmemory', 'bytes', '0'],
  ['maxmemory-policy', 'word', 'noeviction'],
  ['appendonly', 'word', 'no'],
  ['appendfsync', 'word', undefined],
  ['save', 'save', undefined],
  ['stop-writes-on-bgsave-error', 'word', undefined],
  ['client-output-buffer-limit', 'cobl', undefined],
  ['repl-backlog-size', 'bytes', undefined],
  ['dir', 'path', undefined],
  ['dbfilename', 'word', undefined],
  // Whether a password is set, never its value (the file side keeps SECRET_SET or '').
  ['requirepass', 'presence', ''],
];

/** What the running Redis has for a setting; requirepass only as set or not. */
function runningValue(input: DoctorInput, name: string): string | undefined {
  if (name !== 'requirepass') return input.config?.string(name);
  const set = input.config?.requirepassSet;
  return set === undefined ? undefined : set ? SECRET_SET : '';
}

function shown(kind: Kind, value: string): string {
  if (kind === 'presence') return value === '' ? 'not set' : 'set';
  return value;
}

/** Puts a running value back to the file's: a password is never printed, so it points at the file. */
function revert(cli: string, d: Diff): string {
  if (d.kind !== 'presence') return `\`${cli} CONFIG SET ${d.name} "${d.fileValue}"\``;
  return d.fileValue === '' ? `\`${cli} CONFIG SET ${d.name} ""\`` : `\`${cli} CONFIG SET ${d.name}\` with the password the file has (not shown here)`;
}

interface Diff {
  readonly name: string;
  readonly kind: Kind;
  readonly running: string;
  readonly file: string;
  readonly fileValue: string;
}

function coblByClass(raw: string): Map<string, string> {
  const words = raw.trim().split(/\s+/);
  const out = new Map<string, string>();
  for (let i = 0; i + 3 < words.length; i += 4) {
    const cls = words[i] === 'slave' ? 'replica' : (words[i] ?? '');
    out.set(cls, [parseMemory(words[i + 1] ?? ''), parseMemory(words[i + 2] ?? ''), words[i + 3]].join(' '));
  }
  return out;
}

function same(kind: Kind, running: string, file: string): boolean {
  switch (kind) {
    case 'bytes':
      return parseMemory(running) === parseMemory(file);
    case 'presence':
      return (running === '') === (file === '');
    case 'save':
      return running.trim().split(/\s+/).join(' ') === file.trim().split(/\s+/).join(' ');
    case 'cobl': {
      const r = coblByClass(running);
      // Only the classes the file sets: the others keep Redis's defaults on both sides.
      return [...coblByClass(file)].every(([c, v]) => r.get(c) === v);
    }
    default:
      return running.toLowerCase() === file.toLowerCase();
  }
}

export const configNotPersisted: Rule = {
  id: 'config-not-persisted',
  severity: 'warning',
  title: 'Runtime settings a restart will undo',
  when: "the config file Redis started with (INFO `config_file`, read locally, with its `include` files) plus the settings on its command line (when /proc/<pid>/cmdline still holds them) says otherwise than CONFIG GET for maxmemory, maxmemory-policy, appendonly, appendfsync, save, stop-writes-on-bgsave-error, client-output-buffer-limit, repl-backlog-size, dir, dbfilename, or whether requirepass is set (a setting the file leaves out is compared with Redis's default for maxmemory, maxmemory-policy, appendonly and requirepass only)",
  remedy: [
    'Write the running values to the file: `redis-cli CONFIG REWRITE`, or edit the file so the next restart keeps them.',
    "If the running value was a mistake, set it back to the file's value with `CONFIG SET`.",
    'Settings on the redis-server command line count as persisted when the exporter can read them; Redis hides them behind its process title unless `set-proc-title no`.',
  ],
  evaluate(input) {
    const file = input.extras.configFile;
    if (!file || !input.config) return undefined;
    const diffs: Diff[] = [];
    for (const [name, kind, def] of SETTINGS) {
      const running = runningValue(input, name);
      const inFile = file.conf.values.get(name) ?? def;
      if (running === undefined || inFile === undefined) continue;
      if (kind === 'path' && !inFile.startsWith('/')) continue;
      if (kind === 'cobl' && parseOutputBufferLimits(running) === undefined) continue;
      if (same(kind, running, inFile)) continue;
      const fileShown = shown(kind, inFile);
      diffs.push({ name, kind, running: shown(kind, running), file: file.conf.values.has(name) ? fileShown : `${fileShown} (default: not in the file)`, fileValue: inFile });
    }
    const cmdline =
      file.commandLine === undefined
        ? 'not readable (Redis shows its process title there; set-proc-title no keeps the arguments)'
        : `${file.commandLine.length === 0 ? 'none' : file.commandLine.join(' ')}${file.stdin ? ' (and settings on stdin, unknown)' : ''}`;
    const evidence: Record<string, string | number> = { config_file: file.path, settings_differing: diffs.length, command_line_settings: cmdline };
    if (file.files && file.files.length > 1) evidence.included_files = file.files.slice(1).join(', ');
    if (file.unread && file.unread.length > 0) evidence.includes_not_read = file.unread.join('; ');
    for (const d of diffs) evidence[d.name] = `running ${d.running}, file ${d.file}`;
    const sources = file.files && file.files.length > 1 ? `${file.path} and its includes` : file.path;
    if (diffs.length === 0) return { failing: false, summary: `The running settings match ${sources}.`, evidence };
    const v = hostValues(input);
    const hidden =
      file.commandLine === undefined
        ? ' Settings given on the redis-server command line or its stdin look the same (the exporter cannot read them: Redis replaced its command line with its process title); those survive a restart started the same way.'
        : file.stdin
          ? ' Redis also read settings from its stdin (`-` on its command line), which the exporter cannot see; those survive a restart started the same way.'
          : '';
    return {
      failing: true,
      summary: `${diffs.length} setting(s) differ from ${sources} and a restart will undo them: ${diffs.map((d) => `${d.name} (running ${d.running}, file ${d.file})`).join('; ')}.${hidden}`,
      evidence,
      remedy: [
        `Keep the running values: \`${v.cli} CONFIG REWRITE\` (rewrites ${file.path}), or edit ${file.path} by hand.`,
        `If a running value was a mistake, set it back: ${diffs.map((d) => revert(v.cli, d)).join(', ')}.`,
        file.commandLine === undefined
          ? 'A setting given on the redis-server command line is not in the file either: there, change the command line (unit file, container args) instead, or start Redis with `--set-proc-title no` so the exporter can read it.'
          : 'Settings on the redis-server command line were read and count as persisted.',
      ],
    };
  },
};
