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
 * A frozen snapshot whose `bytes` are encoded on first use and then kept until the next poll.
 * The text is not kept: only /scrape of an ad-hoc target and tests ask for it, and a kept copy
 * beside the bytes was a body-sized string on V8's heap per poll (see encodeFamilies).
 * `targetPair` is the `target="…"` pair the families carry first on every series (when the
 * exporter merges several targets), which the one-target text leaves out. A class, not an object
 * literal with its own getters: two are made a poll, and the literal (two closures, a spread, a
 * freeze of accessors) cost ~10 µs each with TurboFan held off.
 */
class PolledSnapshot implements Snapshot {
  readonly target: string;
  readonly up: boolean;
  readonly polledAt: number;
  readonly durationSeconds: number;
  readonly families: RenderedFamilies;
  readonly error: ClassifiedError | undefined;
  readonly collectors: ReadonlyMap<string, boolean>;
  readonly findings: readonly Finding[];
  // Private fields are not properties: freezing the object leaves them writable.
  #bytes: Buffer | undefined;
  readonly #targetPair: string | undefined;

  constructor(fields: SnapshotFields, targetPair: string | undefined) {
    this.target = fields.target;
    this.up = fields.up;
    this.polledAt = fields.polledAt;
    this.durationSeconds = fields.durationSeconds;
    this.families = fields.families;
    this.error = fields.error;
    this.collectors = fields.collectors;
    this.findings = fields.findings;
    this.#targetPair = targetPair;
    Object.freeze(this);
  }

  get bytes(): Buffer {
    this.#bytes ??= this.#targetPair ? Buffer.from(this.text, 'utf8') : encodeFamilies(this.families);
    return this.#bytes;
  }

  get text(): string {
    const pair = this.#targetPair;
    // Label values are escaped, so `{target="…"` with bare quotes only ever starts a label set.
    return joinFamilies(this.families, pair ? (series: string) => series.replaceAll(`{${pair},`, '{').replaceAll(`{${pair}}`, '') : undefined);
  }
}

export function makeSnapshot(fields: SnapshotFields, targetPair?: string): Snapshot {
  return new PolledSnapshot(fields, targetPair);
}

/** The fields of `s` without its text and bytes (spreading a snapshot would make both). */
export function fieldsOf(s: Snapshot): SnapshotFields {
  return { target: s.target, up: s.up, polledAt: s.polledAt, durationSeconds: s.durationSeconds, families: s.families, error: s.error, collectors: s.collectors, findings: s.findings };
}

/** Before the first poll completes: no Redis series at all, not even redis_up. */
export function emptySnapshot(target: string): Snapshot {
  return makeSnapshot({ target, up: false, polledAt: 0, durationSeconds: 0, families: NO_FAMILIES, error: undefined, collectors: new Map(), findings: [] });
}
