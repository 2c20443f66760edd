import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/index.js';
import type { DoctorInput } from '../../src/doctor/types.js';
import { parseInfo, type ParsedInfo } from '../../src/parse/info.js';
import { detached, KEPT_ERRORSTATS, KEPT_FIELDS, keptForNextPoll } from '../../src/poll/kept-info.js';
import { doctorInput } from '../helpers/doctor-input.js';

/** A map that notes every key asked of it. */
class Recording<V> extends Map<string, V> {
  constructor(
    from: ReadonlyMap<string, V>,
    private readonly seen: Set<string>,
  ) {
    super(from);
  }
  override get(k: string): V | undefined {
    this.seen.add(k);
    return super.get(k);
  }
  override has(k: string): boolean {
    this.seen.add(k);
    return super.has(k);
  }
}

/** Every doctor rule on `input` with a previous INFO that records what is read of it. */
function readOfPrevious(input: DoctorInput): { fields: Set<string>; errorstats: Set<string>; other: Set<string> } {
  const fields = new Set<string>();
  const errorstats = new Set<string>();
  const other = new Set<string>();
  const prev = input.info ?? parseInfo('');
  const info: ParsedInfo = {
    fields: new Recording(prev.fields, fields),
    errorstats: new Recording(prev.errorstats, errorstats),
    sections: new Recording(new Map([...prev.sections].map((s) => [s, 1])), other) as unknown as ReadonlySet<string>,
    keyspace: new Proxy([], { get: (t, k) => (other.add(`keyspace.${String(k)}`), Reflect.get(t, k)) }),
    replicas: new Proxy([], { get: (t, k) => (other.add(`replicas.${String(k)}`), Reflect.get(t, k)) }),
    commandstats: new Recording(new Map(), other),
    latencyPercentiles: new Recording(new Map(), other),
  };
  diagnose({ ...input, previous: { info, polledAt: input.now - 5 } }, undefined, (rule, err) => {
    throw new Error(`${rule}: ${String(err)}`);
  });
  return { fields, errorstats, other };
}

describe('keptForNextPoll', () => {
  it('keeps exactly what the doctor reads of the previous poll, on every INFO that reaches those reads', () => {
    const busy = doctorInput({
      // AOF on, replicas on the backlog, evictions and OOM rejects: every grewBy path is taken.
      info: { aof_enabled: 1, aof_delayed_fsync: 3, connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: 1048576, sync_full: 2, evicted_keys: 9, used_memory: 10, maxmemory: 5 },
      infoText: '# Errorstats\r\nerrorstat_OOM:count=4\r\n',
      config: { appendfsync: 'everysec', 'repl-timeout': '60' },
      extras: { replWriteRate: 1000 },
    });
    const fixtures = ['redis-7.0-master.txt', 'redis-7.0-replica.txt', 'redis-7.4.txt', 'valkey-8.0.txt', 'redis-5.0.txt'].map((f) =>
      doctorInput({ infoText: readFileSync(`test/fixtures/info/${f}`, 'utf8') }),
    );
    const fields = new Set<string>();
    const errorstats = new Set<string>();
    const other = new Set<string>();
    for (const input of [busy, ...fixtures]) {
      const r = readOfPrevious(input);
      r.fields.forEach((k) => fields.add(k));
      r.errorstats.forEach((k) => errorstats.add(k));
      r.other.forEach((k) => other.add(k));
    }
    expect([...fields].sort()).toEqual([...KEPT_FIELDS].sort());
    expect([...errorstats].sort()).toEqual([...KEPT_ERRORSTATS].sort());
    expect([...other]).toEqual([]);
  });

  it('gives the doctor the same verdicts as the whole previous INFO', () => {
    const info = { aof_enabled: 1, aof_delayed_fsync: 7, connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: 1048576, sync_full: 3, evicted_keys: 12, used_memory: 10, maxmemory: 5 };
    const input = doctorInput({
      info,
      infoText: '# Errorstats\r\nerrorstat_OOM:count=6\r\n',
      previous: { ...info, aof_delayed_fsync: 2, sync_full: 1, evicted_keys: 4 },
      previousText: '# Errorstats\r\nerrorstat_OOM:count=1\r\n',
      extras: { replWriteRate: 10 },
    });
    const prev = input.previous;
    if (!prev) throw new Error('no previous');
    const whole = diagnose(input);
    const kept = diagnose({ ...input, previous: { info: keptForNextPoll(prev.info), polledAt: prev.polledAt } });
    expect(kept).toEqual(whole);
    expect(whole.filter((f) => f.failing).length).toBeGreaterThanOrEqual(3);
  });

  it('detached gives back the same text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String), fc.string({ unit: 'binary' })), (s) => {
        expect(detached(s)).toBe(s);
        expect(detached(`${s}${s}`.slice(s.length))).toBe(s);
      }),
    );
  });
});
