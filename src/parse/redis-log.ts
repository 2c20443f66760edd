/**
 * The Redis log lines the guide's diagnosis turns on, by event. Message texts are Redis's own
 * (rdb.c, aof.c, bio.c, server.c, networking.c of 6.x and 7.x; Valkey keeps them), matched as
 * substrings so the pid/role/time prefix and strerror() tails do not matter. One line may count
 * for two events (a failed fork for an AOF rewrite is both fork_failed and aof_rewrite_failed).
 */
export const LOG_EVENTS = {
  fork_failed: ["Can't save in background: fork:", "Can't rewrite append only file in background: fork:"],
  rdb_save_failed: [
    'Failed opening the temp RDB file',
    'Failed opening the RDB file',
    'Write error saving DB on disk',
    'Background saving error',
    'Background saving terminated by signal',
    'Error moving temp DB file',
  ],
  aof_write_failed: ['Error writing to the AOF file', 'Short write while writing to the AOF file'],
  aof_fsync_failed: ['Fail to fsync the AOF file', "Can't persist append only file with fsync policy", 'Background AOF fsync error'],
  aof_fsync_slow: ['Asynchronous AOF fsync is taking too long'],
  aof_rewrite_failed: [
    "Can't rewrite append only file in background: fork:",
    'Background AOF rewrite terminated with error',
    'Background AOF rewrite terminated by signal',
    'Error trying to rename the temporary AOF file',
  ],
  oom: ['Out Of Memory allocating'],
  // 6.x "AOF loaded anyway because …", 7.x "AOF <file> loaded anyway because …" (seen on 7.0.15).
  aof_truncated: ['short read while loading the AOF file', 'loaded anyway because aof-load-truncated is enabled', 'Unexpected end of file reading the append only file'],
  // A truncated AOF with aof-load-truncated no stops Redis: that line is a load failure too.
  load_failed: [
    'Fatal error loading the DB',
    'Short read or OOM loading DB',
    'Wrong signature trying to load DB from file',
    'Bad file format reading the append only file',
    'Unexpected end of file reading the append only file',
  ],
  permission_denied: ['Permission denied'],
  replica_buffer_overrun: ['for overcoming of output buffer limits'],
  overcommit_warning: ['overcommit_memory is set to 0', 'Memory overcommit must be enabled'],
  thp_warning: ['Transparent Huge Pages (THP) support enabled'],
} as const satisfies Record<string, readonly string[]>;

export type LogEvent = keyof typeof LOG_EVENTS;
export const LOG_EVENT_NAMES = Object.keys(LOG_EVENTS) as LogEvent[];

export interface LogLine {
  /** As Redis wrote it, e.g. "07 Dec 2026 10:12:13.456"; '' when the line has no Redis prefix. */
  readonly time: string;
  /** The message with key and client names redacted. */
  readonly text: string;
}

// "1234:M 07 Dec 2026 10:12:13.456 # msg" (Redis ≥ 3; older ones have no year).
const PREFIX = /^\d+:[A-Z] (\d{1,2} [A-Z][a-z]{2}(?: \d{4})? \d{2}:\d{2}:\d{2}(?:\.\d{3})?) [.\-*#] (.*)$/;

/**
 * Key and client names never leave the exporter: quoted strings (Redis quotes keys in its
 * warnings) and the name=/lib-name= fields of client descriptions are replaced.
 */
export function redactLogText(text: string): string {
  return text
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b(name|lib-name|user)=\S*/g, '$1=…');
}

export function parseLogLine(line: string): LogLine {
  const m = PREFIX.exec(line);
  return m ? { time: m[1] as string, text: redactLogText(m[2] as string) } : { time: '', text: redactLogText(line) };
}

export function classifyLogLine(line: string): LogEvent[] {
  return LOG_EVENT_NAMES.filter((e) => LOG_EVENTS[e].some((needle) => line.includes(needle)));
}
