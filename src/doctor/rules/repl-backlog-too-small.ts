import { fmtBytes, grewBy, num } from '../read.js';
import { DEFAULT_HOLD_SECONDS } from '../hold.js';
import type { Rule } from '../types.js';

export const replBacklogTooSmall: Rule = {
  id: 'repl-backlog-too-small',
  severity: 'warning',
  title: 'Replication backlog too small for partial resync',
  when: 'on a master with replicas, the backlog holds fewer seconds of the current write rate than `repl-timeout`, or `sync_full` grew since the last poll; held for 10 minutes after it was last seen unless no replica is connected',
  hold: { seconds: DEFAULT_HOLD_SECONDS, cleared: (input) => num(input.info, 'connected_slaves') === 0 },
  remedy: [
    'A replica that disconnects for longer than the backlog covers needs a full resync (a fork and a full RDB transfer).',
    'Size the backlog for your write rate times the outages you expect: `redis-cli CONFIG SET repl-backlog-size 64mb` (and `repl-backlog-size 64mb` in redis.conf).',
  ],
  evaluate(input) {
    if (!input.info) return undefined;
    if (num(input.info, 'connected_slaves') === 0 || num(input.info, 'repl_backlog_active') !== 1) {
      return { failing: false, summary: 'No replicas use the backlog.', evidence: {} };
    }
    const size = num(input.info, 'repl_backlog_size');
    // The repl_backlog collector's rate: it checks the replication ID and that the offset moved
    // forward, so a restart or failover never reads as a burst of writes.
    const rate = input.extras.replWriteRate;
    const timeout = input.config?.number('repl-timeout') ?? 60;
    const fullResyncs = grewBy(input, (i) => num(i, 'sync_full')) ?? 0;
    if (size === undefined || (rate === undefined && fullResyncs === 0)) return undefined;
    const seconds = rate === undefined ? undefined : rate > 0 ? size / rate : Infinity;
    const evidence = {
      repl_backlog_size: size,
      write_rate_bytes_per_second: rate === undefined ? 'unknown' : Math.round(rate),
      backlog_seconds: seconds === undefined ? 'unknown' : Number.isFinite(seconds) ? Math.round(seconds) : 'unbounded',
      'repl-timeout': timeout,
      full_resyncs_since_last_poll: fullResyncs,
    };
    if ((seconds === undefined || seconds >= timeout) && fullResyncs === 0) return { failing: false, summary: 'The backlog covers more than repl-timeout of writes.', evidence };
    const why = fullResyncs > 0 ? `${fullResyncs} full resyncs since the last poll` : `the ${fmtBytes(size)} backlog holds only ${Math.round(seconds ?? 0)} s of writes (repl-timeout ${timeout} s)`;
    return { failing: true, summary: `Replicas will need full resyncs: ${why}.`, evidence };
  },
};
