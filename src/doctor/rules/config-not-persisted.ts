import { parseMemory, parseOutputBufferLimits } from '../../parse/config.js';
import { hostValues } from '../host-values.js';
import type { Rule } from '../types.js';

type Kind = 'bytes' | 'word' | 'save' | 'cobl' | 'path';
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
];

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
  when: 'the config file Redis started with (INFO `config_file`, read locally) says otherwise than CONFIG GET for maxmemory, maxmemory-policy, appendonly, appendfsync, save, stop-writes-on-bgsave-error, client-output-buffer-limit, repl-backlog-size, dir or dbfilename (a setting the file leaves out is compared with Redis\'s default for maxmemory, maxmemory-policy and appendonly only)',
  remedy: [
    'Write the running values to the file: `redis-cli CONFIG REWRITE`, or edit the file so the next restart keeps them.',
    'If the running value was a mistake, set it back to the file\'s value with `CONFIG SET`.',
  ],
  evaluate(input) {
    const file = input.extras.configFile;
    if (!file || !input.config) return undefined;
    const diffs: { name: string; running: string; file: string }[] = [];
    for (const [name, kind, def] of SETTINGS) {
      const running = input.config.string(name);
      const inFile = file.conf.values.get(name) ?? def;
      if (running === undefined || inFile === undefined) continue;
      if (kind === 'path' && !inFile.startsWith('/')) continue;
      if (kind === 'cobl' && parseOutputBufferLimits(running) === undefined) continue;
      if (!same(kind, running, inFile)) diffs.push({ name, running, file: file.conf.values.has(name) ? inFile : `${inFile} (default: not in the file)` });
    }
    const evidence: Record<string, string | number> = { config_file: file.path, settings_differing: diffs.length };
    for (const d of diffs) evidence[d.name] = `running ${d.running}, file ${d.file}`;
    if (diffs.length === 0) return { failing: false, summary: `The running settings match ${file.path}.`, evidence };
    const v = hostValues(input);
    return {
      failing: true,
      summary: `${diffs.length} setting(s) differ from ${file.path} and a restart will undo them: ${diffs.map((d) => `${d.name} (running ${d.running}, file ${d.file})`).join('; ')}.`,
      evidence,
      remedy: [
        `Keep the running values: \`${v.cli} CONFIG REWRITE\` (rewrites ${file.path}), or edit ${file.path} by hand.`,
        `If a running value was a mistake, set it back: ${diffs.map((d) => `\`${v.cli} CONFIG SET ${d.name} "${d.file.replace(/ \(default: not in the file\)$/, '')}"\``).join(', ')}.`,
        'A setting given on the redis-server command line is not in the file either: there, change the command line (unit file, container args) instead.',
      ],
    };
  },
};
