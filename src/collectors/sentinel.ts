import { toNumber } from '../parse/info.js';
import { countUp, sentinelMasterLines, sentinelTable } from '../parse/sentinel.js';
import { CommandGates } from '../redis/command-gate.js';
import type { CommandSource, Collector, FetchContext, PollExtras } from './types.js';
import { families } from '../exposition/family.js';

export interface SentinelMasterReading {
  readonly name: string;
  /** `ip:port` from SENTINEL MASTERS. */
  readonly address: string;
  /** SENTINEL CKQUORUM: passed, and Sentinel's reply text (or its error text) as it is. */
  readonly ckquorum: { readonly ok: boolean; readonly message: string };
  /** Peer Sentinels not flagged down, plus this one. */
  readonly okSentinels: number;
  /** Replicas not flagged down. */
  readonly okSlaves: number;
}

declare module './types.js' {
  interface PollExtras {
    /** Per monitored master, what a Sentinel says of it; absent on other servers or when refused. */
    sentinel?: readonly SentinelMasterReading[];
  }
}

/** INFO sentinel fields served as they are (their families are keyed by field, below). */
const INFO_FIELDS = ['sentinel_masters', 'sentinel_tilt', 'sentinel_running_scripts', 'sentinel_scripts_queue_length', 'sentinel_simulate_failure_flags'] as const;

/** CKQUORUM, SENTINELS and SLAVES of one master, sent at once (each is O(peers)). */
async function readMaster(source: CommandSource, name: string, address: string): Promise<SentinelMasterReading> {
  const [ckquorum, sentinels, slaves] = await Promise.all([
    // A failed check is an error reply whose text says why (NOQUORUM …): that is the reading.
    source.command(['SENTINEL', 'CKQUORUM', name]).then(
      (r) => ({ ok: true, message: String(r) }),
      (err: unknown) => ({ ok: false, message: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '' }),
    ),
    source.command(['SENTINEL', 'SENTINELS', name]).catch(() => []),
    source.command(['SENTINEL', 'SLAVES', name]).catch(() => []),
  ]);
  return { name, address, ckquorum, okSentinels: 1 + countUp(sentinelTable(sentinels)), okSlaves: countUp(sentinelTable(slaves)) };
}

/** Families this collector emits; the INFO sentinel ones keyed by their field. */
export const FAMILIES = families(
  { collector: 'sentinel', section: 'sentinel' },
  {
    sentinel_masters: { name: 'redis_sentinel_masters', type: 'gauge', layer: 1, labels: [], help: 'Masters this Sentinel monitors (INFO sentinel_masters).', doc: 'INFO `sentinel_masters`' },
    sentinel_tilt: { name: 'redis_sentinel_tilt', type: 'gauge', layer: 1, labels: [], help: '1 while this Sentinel is in TILT mode (INFO sentinel_tilt).', doc: 'INFO `sentinel_tilt`' },
    sentinel_running_scripts: {
      name: 'redis_sentinel_running_scripts',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Notification/reconfig scripts running (INFO sentinel_running_scripts).',
      doc: 'INFO `sentinel_running_scripts`',
    },
    sentinel_scripts_queue_length: {
      name: 'redis_sentinel_scripts_queue_length',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Scripts waiting to run (INFO sentinel_scripts_queue_length).',
      doc: 'INFO `sentinel_scripts_queue_length`',
    },
    sentinel_simulate_failure_flags: {
      name: 'redis_sentinel_simulate_failure_flags',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'SENTINEL SIMULATE-FAILURE flags set (INFO sentinel_simulate_failure_flags).',
      doc: 'INFO `sentinel_simulate_failure_flags`',
    },
    sentinelMasterStatus: {
      name: 'redis_sentinel_master_status',
      type: 'gauge',
      layer: 1,
      labels: ['master_name', 'master_address', 'master_status'],
      help: '1 if Sentinel sees the master as ok, 0 if sdown/odown; label master_status (INFO masterN status).',
      doc: 'INFO `masterN` status: 1 for `ok`, 0 for `sdown`/`odown`; labels `master_name`, `master_address`, `master_status`',
    },
    sentinelMasterSlaves: {
      name: 'redis_sentinel_master_slaves',
      type: 'gauge',
      layer: 1,
      labels: ['master_name', 'master_address'],
      help: 'Replicas of the master known to Sentinel (INFO masterN slaves).',
      doc: 'INFO `masterN` `slaves`',
    },
    sentinelMasterSentinels: {
      name: 'redis_sentinel_master_sentinels',
      type: 'gauge',
      layer: 1,
      labels: ['master_name', 'master_address'],
      help: 'Sentinels monitoring the master, this one included (INFO masterN sentinels).',
      doc: 'INFO `masterN` `sentinels` (this one included)',
    },
    sentinelMasterCkquorumStatus: {
      name: 'redis_sentinel_master_ckquorum_status',
      type: 'gauge',
      layer: 1,
      labels: ['master_name', 'message'],
      help: '1 if SENTINEL CKQUORUM passes for the master; label message is its reply.',
      doc: "`SENTINEL CKQUORUM`: 1 if it passes; labels `master_name` and `message` (Sentinel's reply or error text)",
    },
    sentinelMasterOkSentinels: {
      name: 'redis_sentinel_master_ok_sentinels',
      type: 'gauge',
      layer: 1,
      labels: ['master_name', 'master_address'],
      help: 'Sentinels monitoring the master that are not down, this one included (SENTINEL SENTINELS).',
      doc: '`SENTINEL SENTINELS`: peers not flagged `s_down`/`o_down`, plus this one',
    },
    sentinelMasterOkSlaves: {
      name: 'redis_sentinel_master_ok_slaves',
      type: 'gauge',
      layer: 1,
      labels: ['master_name', 'master_address'],
      help: 'Replicas of the master that are not down (SENTINEL SLAVES).',
      doc: '`SENTINEL SLAVES`: replicas not flagged `s_down`/`o_down`',
    },
  },
);

/**
 * A Sentinel's view of its masters under redis_exporter 1.45's names and labels: the INFO
 * sentinel section, plus SENTINEL MASTERS and per master CKQUORUM/SENTINELS/SLAVES, sent only
 * when the target is a Sentinel. A refused SENTINEL MASTERS is logged once and skipped.
 */
export function sentinelCollector(): Collector {
  return SHARED;
}

// No state of a target but its refusals, kept by the gates per target: one object for every target.
const gate = new CommandGates('SENTINEL MASTERS', 'redis_sentinel_master_ckquorum_status, _ok_sentinels and _ok_slaves are off');
const SENTINEL_MASTERS = ['SENTINEL', 'MASTERS'];

async function fetchSentinel(ctx: FetchContext): Promise<Partial<PollExtras>> {
  const reply = await gate.run(ctx.info.fields.get('run_id') ?? '', ctx, () => ctx.source.command(SENTINEL_MASTERS));
  if (reply === undefined) return {};
  const masters = sentinelTable(reply).flatMap((m) => {
    const [name, ip, port] = [m.get('name'), m.get('ip'), m.get('port')];
    return name === undefined || ip === undefined || port === undefined ? [] : [{ name, address: `${ip}:${port}` }];
  });
  return { sentinel: await Promise.all(masters.map((m) => readMaster(ctx.source, m.name, m.address))) };
}

const SHARED: Collector = Object.freeze<Collector>({
  name: 'sentinel',
  needsRedis: true,
  // The per-master commands depend on this reply: they go in a second write of their own.
  commands(ctx) {
    return ctx.info.fields.get('redis_mode') !== 'sentinel' || gate.refused(ctx.info.fields.get('run_id') ?? '', ctx.source) ? [] : [SENTINEL_MASTERS];
  },
  fetch(ctx) {
    // Not a Sentinel: nothing to ask, and nothing to wait for (no promise).
    return ctx.info.fields.get('redis_mode') !== 'sentinel' ? {} : fetchSentinel(ctx);
  },
  collect({ info, extras }, sink) {
    if (info.fields.get('redis_mode') !== 'sentinel') return;
    for (const field of INFO_FIELDS) sink.emit(FAMILIES[field], toNumber(info.fields.get(field)));
    for (const m of sentinelMasterLines(info)) {
      const labels = { master_name: m.name, master_address: m.address };
      sink.emit(FAMILIES.sentinelMasterStatus, m.status === 'ok' ? 1 : 0, { ...labels, master_status: m.status });
      sink.emit(FAMILIES.sentinelMasterSlaves, m.slaves, labels);
      sink.emit(FAMILIES.sentinelMasterSentinels, m.sentinels, labels);
    }
    for (const m of extras.sentinel ?? []) {
      const labels = { master_name: m.name, master_address: m.address };
      sink.emit(FAMILIES.sentinelMasterCkquorumStatus, m.ckquorum.ok ? 1 : 0, { master_name: m.name, message: m.ckquorum.message });
      sink.emit(FAMILIES.sentinelMasterOkSentinels, m.okSentinels, labels);
      sink.emit(FAMILIES.sentinelMasterOkSlaves, m.okSlaves, labels);
    }
  },
});
