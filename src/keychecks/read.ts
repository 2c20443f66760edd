import { goParseFloat } from '../parse/go-float.js';

/** One command pipeline; each reply settles on its own (see RedisSource.pipelineSettled). */
export type SettledPipeline = (commands: ReadonlyArray<readonly string[]>) => Promise<PromiseSettledResult<unknown>[]>;

/** What redis_exporter 1.45 serves for one checked key. */
export interface KeyReading {
  readonly db: string;
  readonly key: string;
  /** Length or size by type (STRLEN, PFCOUNT for HyperLogLogs, LLEN, SCARD, ZCARD, HLEN, XLEN); 0 for a missing key. */
  readonly size: number;
  /** A string value that parses as a number (redis_key_value). */
  readonly value?: number;
  /** A string value that does not (redis_key_value_as_string{val}). */
  readonly text?: string;
}

const SIZE_COMMAND: Readonly<Record<string, string>> = { list: 'LLEN', set: 'SCARD', zset: 'ZCARD', hash: 'HLEN', stream: 'XLEN' };

/** A server error reply (WRONGTYPE, MOVED …) as opposed to a lost or timed-out connection. */
export function isErrorReply(reason: unknown): boolean {
  const e = reason as Error | undefined;
  return e?.constructor?.name === 'ErrorReply' || /^[A-Z]+ /.test(e?.message ?? '');
}

/** SELECT failed (a cluster node has only db 0; `databases` is smaller): that entry is skipped. */
export class SelectRefused extends Error {
  constructor(db: number, reply: unknown) {
    super(`SELECT ${db} refused: ${(reply as Error | undefined)?.message ?? 'error'}`);
  }
}

/** The replies of a pipeline; a transport failure (not an error reply) fails the whole batch. */
function unwrap(settled: PromiseSettledResult<unknown>[]): { ok: boolean; value: unknown }[] {
  return settled.map((r) => {
    if (r.status === 'fulfilled') return { ok: true, value: r.value };
    if (!isErrorReply(r.reason)) throw r.reason;
    return { ok: false, value: r.reason };
  });
}

/**
 * Reads a batch of keys of one database in two pipelines: TYPE of each, then its size (and the
 * value of strings). A key the server redirects (MOVED: on a cluster node it lives elsewhere) is
 * left out, so across a cluster's nodes each key is read once, on the node that holds it.
 */
export async function readKeys(pipeline: SettledPipeline, db: number, keys: readonly string[], onRefused: (message: string) => void = () => undefined): Promise<KeyReading[]> {
  const select = ['SELECT', String(db)];
  const typed = unwrap(await pipeline([select, ...keys.map((k) => ['TYPE', k])]));
  if (!typed[0]?.ok) throw new SelectRefused(db, typed[0]?.value);
  const types = typed.slice(1);
  const plan: { key: string; type: string; first: number }[] = [];
  const cmds: string[][] = [select];
  keys.forEach((key, i) => {
    const t = types[i];
    if (!t?.ok) {
      // MOVED is expected on a cluster node; anything else (NOPERM from an ACL) is worth one log line.
      const message = (t?.value as Error | undefined)?.message ?? '';
      if (!message.startsWith('MOVED')) onRefused(message.split('\n')[0] ?? '');
      return;
    }
    const type = String(t.value);
    plan.push({ key, type, first: cmds.length });
    if (type === 'string') cmds.push(['PFCOUNT', key], ['STRLEN', key], ['GET', key]);
    else if (SIZE_COMMAND[type]) cmds.push([SIZE_COMMAND[type] as string, key]);
  });
  const replies = unwrap(await pipeline(cmds));
  const out: KeyReading[] = [];
  const label = `db${db}`;
  for (const p of plan) {
    const at = (n: number) => replies[p.first + n];
    if (p.type === 'none') {
      out.push({ db: label, key: p.key, size: 0 });
    } else if (p.type === 'string') {
      // PFCOUNT answers only for HyperLogLogs, whose STRLEN is not their size.
      const pf = at(0);
      const size = pf?.ok ? Number(pf.value) : Number(at(1)?.value ?? 0);
      const get = at(2);
      const reading: KeyReading = { db: label, key: p.key, size };
      if (get?.ok && get.value !== null && get.value !== undefined) {
        const text = String(get.value);
        const value = goParseFloat(text);
        // Bytes that are not UTF-8 (a HyperLogLog's body) decode to U+FFFD: no valid label value
        // can carry them, and redis_exporter's client drops that series too.
        if (value !== undefined) out.push({ ...reading, value });
        else out.push(text.includes('\uFFFD') ? reading : { ...reading, text });
      } else {
        out.push(reading);
      }
    } else if (SIZE_COMMAND[p.type]) {
      const r = at(0);
      if (r?.ok) out.push({ db: label, key: p.key, size: Number(r.value) });
    }
    // Other types (module types) get no series, as in redis_exporter.
  }
  return out;
}

/**
 * SCAN MATCH over one database, one call in flight at a time. `onKeys` gets each batch and returns
 * false to stop early (the key budget is spent). Returns false when stopped early.
 */
export async function scanMatch(pipeline: SettledPipeline, db: number, pattern: string, count: number, onKeys: (keys: string[]) => boolean): Promise<boolean> {
  let cursor = '0';
  do {
    const [selected, reply] = unwrap(
      await pipeline([
        ['SELECT', String(db)],
        ['SCAN', cursor, 'MATCH', pattern, 'COUNT', String(count)],
      ]),
    );
    if (!selected?.ok) throw new SelectRefused(db, selected?.value);
    if (!reply?.ok) throw reply?.value;
    const [next, keys] = reply.value as [unknown, unknown[]];
    cursor = String(next);
    if (!onKeys(keys.map(String))) return false;
  } while (cursor !== '0');
  return true;
}
