import { encodeFamilies, joinFamilies, NO_FAMILIES, type RenderedFamilies } from '../exposition/text-format.js';
import type { ClassifiedError } from '../redis/classify-error.js';
import type { Finding } from '../doctor/types.js';

/**
 * The immutable result of one poll of one target; swapped in whole when a poll completes.
 * It keeps what the HTTP routes serve and nothing else (no parsed INFO, no samples): with
 * hundreds of targets, every byte kept here is kept hundreds of times.
 */
export interface Snapshot {
  /** Target name as it may be shown (no credentials). */
  readonly target: string;
  readonly up: boolean;
  /** Unix seconds when the poll started (the time its INFO describes). */
  readonly polledAt: number;
  readonly durationSeconds: number;
  /** Rendered series by family; when the exporter merges targets, each series starts with `target="…"`. */
  readonly families: RenderedFamilies;
  /** This target alone, without the `target` label (joined anew on each read; `bytes` is what is served). */
  readonly text: string;
  /**
   * `text` encoded once per poll and shared by every request that serves it: encoded per
   * request, 200 slow readers of a 10 MB body held 200 copies (issue 12 item 13).
   */
  readonly bytes: Buffer;
  readonly error: ClassifiedError | undefined;
  /** collector name → succeeded. */
  readonly collectors: ReadonlyMap<string, boolean>;
  /** Doctor verdicts of this poll (passing ones included). */
  readonly findings: readonly Finding[];
}

export type SnapshotFields = Omit<Snapshot, 'text' | 'bytes'>;

/**
 * Freezes a snapshot whose `bytes` are encoded on first use and then kept until the next poll.
 * The text is not kept: only /scrape of an ad-hoc target and tests ask for it, and a kept copy
 * beside the bytes was a body-sized string on V8's heap per poll (see encodeFamilies).
 * `targetPair` is the `target="…"` pair the families carry first on every series (when the
 * exporter merges several targets), which the one-target text leaves out.
 */
export function makeSnapshot(fields: SnapshotFields, targetPair?: string): Snapshot {
  let bytes: Buffer | undefined;
  // Label values are escaped, so `{target="…"` with bare quotes only ever starts a label set.
  const strip = targetPair ? (series: string) => series.replaceAll(`{${targetPair},`, '{').replaceAll(`{${targetPair}}`, '') : undefined;
  const snapshot = {
    ...fields,
    get bytes(): Buffer {
      bytes ??= strip ? Buffer.from(joinFamilies(fields.families, strip), 'utf8') : encodeFamilies(fields.families);
      return bytes;
    },
    get text(): string {
      return joinFamilies(fields.families, strip);
    },
  };
  return Object.freeze(snapshot);
}

/** The fields of `s` without its text and bytes (spreading a snapshot would make both). */
export function fieldsOf(s: Snapshot): SnapshotFields {
  return { target: s.target, up: s.up, polledAt: s.polledAt, durationSeconds: s.durationSeconds, families: s.families, error: s.error, collectors: s.collectors, findings: s.findings };
}

/** Before the first poll completes: no Redis series at all, not even redis_up. */
export function emptySnapshot(target: string): Snapshot {
  return makeSnapshot({ target, up: false, polledAt: 0, durationSeconds: 0, families: NO_FAMILIES, error: undefined, collectors: new Map(), findings: [] });
}
