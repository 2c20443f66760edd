import { isPattern, type DbKey } from '../parse/key-args.js';
import { scanMatch, type SettledPipeline } from './read.js';

export interface ExpandOptions {
  readonly pipeline: SettledPipeline;
  /** SCAN COUNT. */
  readonly batchSize: number;
  /** Most distinct keys kept; SCAN stops once it is spent. */
  readonly maxKeys: number;
  /** On a cluster node every key is read from db 0 (a cluster has no other). */
  readonly cluster: boolean;
  /** Runs one pattern's SCAN; undefined when that entry was skipped (its error already logged). */
  readonly entry: <T>(what: string, work: () => Promise<T>) => Promise<T | undefined>;
}

/**
 * The keys a pass reads, per database: single keys as given, patterns expanded with SCAN MATCH
 * (redis_exporter's rule: a key with glob characters is a pattern), each key once, at most
 * `maxKeys` in all. `truncated` says the budget cut the list short.
 */
export async function expandKeys(flag: string, single: readonly DbKey[], patterns: readonly DbKey[], o: ExpandOptions): Promise<{ keys: Map<number, string[]>; truncated: boolean }> {
  const db = (k: DbKey) => (o.cluster ? 0 : k.db);
  const wanted = new Map<number, Set<string>>();
  let budget = o.maxKeys;
  const add = (d: number, key: string): boolean => {
    let set = wanted.get(d);
    if (!set) wanted.set(d, (set = new Set()));
    if (set.has(key)) return true;
    if (budget === 0) return false;
    set.add(key);
    budget--;
    return true;
  };
  let truncated = false;
  for (const k of [...single, ...patterns.filter((c) => !isPattern(c.key))]) truncated = !add(db(k), k.key) || truncated;
  for (const k of patterns.filter((c) => isPattern(c.key))) {
    if (truncated) break;
    const complete = await o.entry(`${flag} ${k.key}`, () => scanMatch(o.pipeline, db(k), k.key, o.batchSize, (batch) => batch.every((key) => add(db(k), key))));
    if (complete === false) truncated = true;
  }
  return { keys: new Map([...wanted].map(([d, set]) => [d, [...set]])), truncated };
}
