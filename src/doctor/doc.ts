import { LOG_EVENTS } from '../parse/redis-log.js';
import { RULES } from './index.js';
import { DEFAULT_THRESHOLDS } from '../config/thresholds.js';

/** docs/doctor.md, generated from the rules themselves so the page can never drift from the code. */
export function doctorDoc(): string {
  const intro = `# Doctor

The doctor turns the causes in the [Redis persistence & memory troubleshooting guide](guide/redis-persistence-memory-guide.txt)
(*the guide*) into named checks. Each poll evaluates every check whose inputs exist and reports it:

- on \`/metrics\` as \`redis_doctor_finding{check="<id>"}\`, one series per check and target whatever
  its state: 0 passing; while failing, its severity now (1 info, 2 warning, 3 critical). There is no
  \`severity\` label, so a check going from warning to critical keeps its series (and an alert's
  \`for:\`). A check whose inputs are missing has no series — not a 0;
- on \`/doctor\` (HTML for people, no external assets; it reloads each poll but at most every 5 s,
  \`/doctor?refresh=0\` turns that off and \`?refresh=N\` sets it) and \`/doctor.json\`;
- from \`redis-vitals check\` (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN — the Nagios plugin
  convention; \`--format json\` for tools) and \`redis-vitals doctor\` (the same, with remedies).

\`check\` and \`doctor\` poll twice, \`--check.window\` (1 s) apart, so checks about what grew since
the last poll can be judged; \`--check.window=0s\` polls once (a fast probe that does not judge
those checks). \`--fail-on=critical\` makes a WARNING exit 0. Every argument error under
\`check\`/\`doctor\`, unknown flags included, exits 3 (UNKNOWN). The first line of \`check\` is the
Nagios plugin line, with perfdata after \`|\`: \`failing=N checks=N\` and, per failing check, the
numbers behind it (\`<check>.<field>=<value>[B|s]\`). Redis unreachable is CRITICAL, as in the
guide's health-check script. Check ids are stable: alerts, dashboards and this page use them.
See [probes.md](probes.md) for \`check\` as a Kubernetes, Docker or Nagios probe.

A check that fails on "grew since the last poll" (\`evictions-happening\`, \`oom-rejecting-writes\`,
\`aof-fsync-slow\`, \`repl-backlog-too-small\`) or on a log line (\`fork-failing\`) would fail for
one poll only, which most scrapes never see. The exporter holds such a failing verdict for 10
minutes after it last saw it failing (the summary says how long ago; evidence
\`last_failing_ago_seconds\`), and ends the hold early once the cause is gone (room under
maxmemory, AOF off, no replica; a good BGSAVE for \`fork-failing\`). \`check\` and \`doctor\` judge
their own polls only.

## Root cause first

When one cause produces several findings, the cause leads and the others are listed as its
consequences (\`causedBy\` on each consequence, \`consequences\` on the cause in \`/doctor.json\`):
a data dir too full for the next save, or not writable, explains failing BGSAVEs, AOF writes and
rewrites; a failing BGSAVE (with \`stop-writes-on-bgsave-error yes\`) or AOF write explains MISCONF
for that cause; \`fork-failing\` explains failing BGSAVEs and rewrites; \`memory-full\` explains OOM
rejects and the "close to maxmemory" checks. The cause's remedy ends with what its consequences
still need (e.g. a BGSAVE); a consequence's remedy only points at its cause.

## This host's values

Remedies name the values the exporter knows for the target: its \`redis-cli -h <host> -p <port>\`,
the data dir (CONFIG GET \`dir\`) and its mount point and filesystem type (a tmpfs gets a
\`mount -o remount,size=…\` it can run), \`dbfilename\`, the AOF dir, \`logfile\`, the config
file (INFO \`config_file\`), the master's host and port, current values and computed
suggestions (e.g. \`maxmemory\` = used_memory + 25%, capped at 75% of host memory). For a remote
Redis, commands to run on its host say so. The page and \`doctor\` show evidence in human units;
\`/doctor.json\` keeps the raw numbers and the paths.

## Turning checks off

\`--doctor.disable=fork-overcommit-risk,thp-enabled\` (env \`REDIS_VITALS_DOCTOR_DISABLE\`; in the
YAML file \`doctor: {disable: [fork-overcommit-risk]}\`; per target in a targets file
\`doctor-disable: [thp-enabled]\`) removes checks whose finding the host's owner accepted: they have
no finding and no series, so the target can reach OK. An unknown id is a config error.

This page is generated from \`src/doctor/rules/\` (\`npm run docs:doctor\`); a test fails when it is stale.

## Thresholds

Override any of these with \`--doctor.thresholds name=value,…\` (env \`REDIS_VITALS_DOCTOR_THRESHOLDS\`):

| threshold | default |
|---|---|
${Object.entries(DEFAULT_THRESHOLDS)
  .map(([k, v]) => `| \`${k}\` | ${v} |`)
  .join('\n')}

## Checks

| id | severity | fires when |
|---|---|---|
${RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.when} |`).join('\n')}
`;
  const sections = RULES.map(
    (r) => `### ${r.id}

**${r.title}** — ${r.severity}. Fires when ${r.when}.

Remedy:

${r.remedy.map((step, i) => `${i + 1}. ${step}`).join('\n')}
`,
  );
  const logEvents = `
## Log events

When the Redis log is followed (a local target whose CONFIG GET \`logfile\` is a readable file, or
\`--redis.log-file\` / a target's \`log-file\`), each line matching one of the guide's patterns is
counted in \`redis_log_events_total{event}\`, and the doctor quotes the most recent matching line
(its time as Redis wrote it, key and client names redacted) as evidence (\`log_line\`,
\`log_line_time\`, \`log_file\`). The follower starts at the end of the file, reads at most
256 KiB per poll (a flood is caught up over later polls), never blocks the event loop, and
survives rotation by rename and by copytruncate. Redis logging to stdout (\`logfile ""\`) has no
file to follow. A line counts for every event whose text it contains; the texts are Redis's own
(6.x, 7.x; Valkey keeps them):

| event | Redis log text (substring) |
|---|---|
${Object.entries(LOG_EVENTS)
  .map(([e, texts]) => `| \`${e}\` | ${texts.map((t) => `\`${t}\``).join('<br>')} |`)
  .join('\n')}

A real redis-server 7.0 writes these in the tests (test/integration/redis-log.test.ts,
redis-log-events.test.ts): \`rdb_save_failed\` and \`aof_write_failed\` (full disk),
\`aof_truncated\` (an AOF cut short, loaded with \`aof-load-truncated yes\`), \`load_failed\` (the same
AOF with \`aof-load-truncated no\`, and an RDB with a bad signature), \`oom\` (Redis under a memory
rlimit), \`replica_buffer_overrun\` (a stopped replica past \`client-output-buffer-limit replica\`).
\`fork_failed\` (needs a host whose fork fails) and \`thp_warning\` (Redis writes it only when THP
\`enabled\` is \`[always]\`) are checked by appending Redis's exact text to a running server's log.

While Redis is down, \`redis-unreachable\` quotes the newest \`load_failed\`, \`oom\`, \`aof_truncated\` or
\`permission_denied\` line read in the last 10 minutes: a Redis that will not start says why there.
`;
  return `${intro}\n${sections.join('\n')}${logEvents}`;
}
