import { hostValues, onRedisHost } from '../host-values.js';
import { fmtDuration, num, str } from '../read.js';
import type { Rule } from '../types.js';

export const datasetLostOnRestart: Rule = {
  id: 'dataset-lost-on-restart',
  severity: 'critical',
  title: 'Redis came back from a restart without its data',
  when: 'the exporter saw a restart (run_id changed or uptime went back) and, loading finished, Redis holds fewer than `dataset-lost-ratio` (50%) of the keys it had at the last poll before; it passes again once the keys are back or at the next restart',
  remedy: [
    'Check what Redis loaded at start: `redis-cli INFO persistence` (rdb_last_load_keys_loaded), `CONFIG GET save`, `CONFIG GET appendonly`, and whether the RDB/AOF in `dir` exists.',
    'Restore from a backup RDB: stop Redis, copy the backup to `<dir>/<dbfilename>`, start Redis.',
    'Make persistence survive the next restart: `save 900 1` and/or `appendonly yes` in the config file (a runtime CONFIG SET is lost on restart: `CONFIG REWRITE`).',
  ],
  evaluate(input) {
    const last = input.extras.restarts?.last;
    if (!input.info || !last) return undefined;
    const keys = input.info.keyspace.reduce((n, db) => n + (db.keys ?? 0), 0);
    const before = last.keysBefore;
    const evidence = { keys_now: keys, keys_before_restart: before, restart_seen_ago_seconds: Math.round(input.now - last.seenAt) };
    if (str(input.info, 'loading') === '1') return { failing: false, summary: 'Redis is still loading its dataset after the restart.', evidence };
    if (before === 0 || keys >= before * input.thresholds['dataset-lost-ratio']) {
      return { failing: false, summary: `Redis restarted ${fmtDuration(input.now - last.seenAt)} ago and holds ${keys} keys (${before} before).`, evidence };
    }
    const v = hostValues(input);
    const loaded = num(input.info, 'rdb_last_load_keys_loaded');
    const aof = str(input.info, 'aof_enabled') === '1';
    return {
      failing: true,
      summary: `Redis restarted ${fmtDuration(input.now - last.seenAt)} ago and holds ${keys} keys; before it went down it had ${before}${loaded !== undefined ? ` (it loaded ${loaded} at start)` : ''}.`,
      evidence: { ...evidence, ...(loaded !== undefined ? { rdb_last_load_keys_loaded: loaded } : {}), save: input.config?.string('save') ?? 'unknown', appendonly: aof ? 'yes' : 'no' },
      remedy: [
        `See what it loaded and what persists: \`${v.cli} INFO persistence\`, \`${v.cli} CONFIG GET save\`, \`${v.cli} CONFIG GET appendonly\`${v.rdbPath ? `, and ${onRedisHost(v, `ls -l ${v.rdbPath}`)}` : ''}.`,
        `Restore from a backup RDB if you have one: stop Redis, copy it to ${v.rdbPath ? `\`${v.rdbPath}\`` : 'the data dir under its dbfilename'}, start Redis.`,
        `Make the next restart keep the data: \`save 900 1\` and/or \`appendonly yes\` in ${v.configFile ? v.configFile : 'the config file Redis starts with'} (\`${v.cli} CONFIG SET save "900 1"\` takes effect now; \`CONFIG REWRITE\` keeps it).`,
      ],
    };
  },
};
