import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { FLAG_BY_NAME } from '../../src/config/flags.js';
import { requireBinary } from '../helpers/redis-server.js';

/**
 * docs/migrate-from-redis_exporter.md against the live redis_exporter 1.45 (`--help`): every flag
 * it lists is in the doc's table with its env var, and redis-vitals accepts it (flag and env var)
 * and either acts on it or warns — never an exit, never silence.
 */
const doc = readFileSync(new URL('../../docs/migrate-from-redis_exporter.md', import.meta.url), 'utf8');
const rows = new Map<string, string>();
/** Flag → what the doc's third column says redis-vitals does with it. */
const says = new Map<string, string>();
for (const m of doc.matchAll(/^\| `--([\w.-]+)` \| (?:`([A-Z0-9_]+)`|—) \| (.+) \|$/gm)) {
  rows.set(m[1] as string, m[2] ?? '');
  says.set(m[1] as string, m[3] as string);
}

function help(env: Record<string, string> = {}): string {
  requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter');
  const r = spawnSync('prometheus-redis-exporter', ['--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  return `${r.stdout}${r.stderr}`;
}

/** Flag name → its help text block, from the Go flag package's usage output. */
function helpFlags(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  for (const line of text.split('\n')) {
    const m = /^ {2}-([\w.-]+)/.exec(line);
    if (m) out.set((current = m[1] as string), line);
    else if (current) out.set(current, `${out.get(current)}\n${line}`);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'rv-migrate-'));
const pwFile = join(dir, 'pw');
writeFileSync(pwFile, 'secret-from-file\n');

/** A value for each flag that differs from our default (a redis_exporter user would set it so). */
function sample(name: string): string {
  const spec = FLAG_BY_NAME.get(name);
  if (!spec) return 'x';
  const special: Record<string, string> = {
    'redis.addr': 'redis://127.0.0.1:1',
    'redis.password-file': pwFile,
    namespace: 'acme',
    'check-keys': 'db1=a:*',
    'check-single-keys': 'k',
    'count-keys': 'c:*',
    'check-keys-batch-size': '50',
    'max-distinct-key-groups': '7',
    'connection-timeout': '3s',
    'web.listen-address': '127.0.0.1:9999',
    'web.telemetry-path': '/m',
    'config-command': 'CFG',
  };
  if (special[name]) return special[name];
  if (spec.kind === 'bool') return spec.def === 'true' ? 'false' : 'true';
  if (spec.kind === 'enum') return spec.choices?.find((c) => c !== spec.def) ?? spec.def;
  return `/tmp/${name}.pem`;
}

/** Flags that only make sense with another one (as in redis_exporter: a certificate needs its key). */
const COMPANIONS: Record<string, Record<string, string>> = {
  'tls-client-cert-file': { 'tls-client-key-file': '/tmp/k.pem' },
  'tls-client-key-file': { 'tls-client-cert-file': '/tmp/c.pem' },
  'tls-server-cert-file': { 'tls-server-key-file': '/tmp/k.pem' },
  'tls-server-key-file': { 'tls-server-cert-file': '/tmp/c.pem' },
  'tls-server-ca-cert-file': { 'tls-server-cert-file': '/tmp/c.pem', 'tls-server-key-file': '/tmp/k.pem' },
  'tls-server-min-version': { 'tls-server-cert-file': '/tmp/c.pem', 'tls-server-key-file': '/tmp/k.pem' },
};
/** Set to the sample value, these ask for what redis-vitals always does: nothing to act on or warn about. */
const ALWAYS_SO = new Set(['include-system-metrics']);

const theirFlags = [...helpFlags(help()).keys()].filter((n) => n !== 'version' && n !== 'help');
const snapshot = (c: Config) => JSON.stringify({ ...c, warnings: [] });

describe('docs/migrate-from-redis_exporter.md flag table', () => {
  it('reads the live redis_exporter --help', () => {
    expect(theirFlags.length).toBeGreaterThan(35);
    expect(theirFlags).toContain('check-keys');
  });

  it('lists every redis_exporter flag, with the env var redis_exporter reads for it', () => {
    expect(theirFlags.filter((n) => !rows.has(n))).toEqual([]);
    // The live binary shows an env var's value as the flag's default: set each to a marker and look.
    const env: Record<string, string> = {};
    for (const n of theirFlags) {
      const spec = FLAG_BY_NAME.get(n);
      const e = rows.get(n) ?? '';
      expect(e, `--${n}: doc env var`).toBe(spec?.env);
      env[e] =
        spec?.kind === 'bool'
          ? /\(default true\)/.test(helpFlags(help()).get(n) ?? '')
            ? 'false'
            : 'true'
          : /check-keys-batch-size|max-distinct-key-groups/.test(n)
            ? '4242'
            : n === 'tls-server-min-version' || n === 'log-format'
              ? 'MARK'
              : `mark-${n}`;
    }
    const marked = helpFlags(help(env));
    const unread = theirFlags.filter((n) => {
      const before = helpFlags(help()).get(n);
      return marked.get(n) === before;
    });
    expect(
      unread.map((n) => `${n}: ${env[rows.get(n) ?? '']} ${marked.get(n)}`),
      'flags whose doc env var redis_exporter does not read',
    ).toEqual([]);
  });

  it.each(theirFlags)('--%s is accepted as a flag and as its env var, and acts or warns', (name) => {
    const companions = COMPANIONS[name] ?? {};
    const value = sample(name);
    const spec = FLAG_BY_NAME.get(name);
    expect(spec, `--${name} is a redis-vitals flag`).toBeDefined();
    const parsed = parseArgv([...Object.entries(companions).flatMap(([k, v]) => [`--${k}`, v]), `-${name}`, value]);
    const viaFlag = loadConfig(parsed.values, {});
    const env = Object.fromEntries([...Object.entries(companions).map(([k, v]) => [FLAG_BY_NAME.get(k)?.env as string, v]), [spec?.env as string, value]]);
    const viaEnv = loadConfig(new Map(), env);
    // A companion alone may be incomplete (a key without its certificate): then compare with no TLS at all.
    let base: Config;
    try {
      base = loadConfig(new Map(Object.entries(companions)), {});
    } catch {
      base = loadConfig(new Map(), {});
    }
    // The doc's column is the promise: "not applied", or a warning for exactly this value, warns;
    // any other row acts, silently (conditional warnings, e.g. a JSON map without the address, aside).
    const text = says.get(name) ?? '';
    const promisesWarning = text.startsWith('not applied') || [`one warning if set to \`${value}\``, `\`${value}\`: one warning`, `with \`${value}\`, one warning`].some((p) => text.includes(p));
    for (const c of [viaFlag, viaEnv]) {
      const acted = snapshot(c) !== snapshot(base);
      const warned = c.warnings.length > base.warnings.length;
      if (ALWAYS_SO.has(name)) expect(acted || warned).toBe(false);
      else if (promisesWarning) expect(warned, `--${name}=${value}: the doc promises one warning`).toBe(true);
      else expect({ acted, warned }, `--${name}=${value}: the doc says it is applied`).toEqual({ acted: true, warned: false });
    }
    expect(snapshot(viaFlag)).toBe(snapshot(viaEnv));
  });

  it("has redis_exporter's default for every flag (Go's usage shows non-zero defaults; the rest are empty or false)", () => {
    const blocks = helpFlags(help());
    const wrong = theirFlags.flatMap((n) => {
      const shown = /\(default "?([^")]*)"?\)/.exec(blocks.get(n) ?? '')?.[1];
      const spec = FLAG_BY_NAME.get(n);
      const theirs = shown ?? (spec?.kind === 'bool' ? 'false' : '');
      return spec?.def === theirs ? [] : [`--${n}: ${spec?.def} here, ${theirs} in redis_exporter`];
    });
    expect(wrong).toEqual([]);
  });

  it('names only real flags, each with its own env var', () => {
    const wrong = [...rows].filter(([name, env]) => name !== 'version' && FLAG_BY_NAME.get(name)?.env !== env);
    expect(wrong).toEqual([]);
  });

  it('the warning line the doc shows is the one redis-vitals prints', () => {
    const shown = /^```\n(redis_exporter flag --([\w.-]+) .+)\n```$/m.exec(doc);
    expect(shown, 'a fenced example warning line').not.toBeNull();
    const [, line, name] = shown as unknown as [string, string, string];
    expect(loadConfig(parseArgv([`--${name}`, sample(name)]).values, {}).warnings).toEqual([line]);
  });

  it('--version is handled before any config', () => {
    expect(parseArgv(['-version']).version).toBe(true);
  });
});
