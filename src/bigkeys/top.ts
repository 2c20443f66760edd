/** Pure bookkeeping of one pass: the N largest keys and the largest key per (db, type). */

export interface BigKey {
  readonly db: number;
  /** The key's bytes as Redis holds them (labels are made from them at publish time). */
  readonly key: Buffer;
  readonly type: string;
  readonly bytes: number;
}

export interface TypeLargest {
  readonly db: number;
  readonly type: string;
  readonly bytes: number;
}

/**
 * Most (db, type) pairs a pass keeps a "largest key" for: Redis has 7 core types, modules add a
 * few, so a server replying thousands of distinct TYPEs is hostile (docs/limits.md).
 */
export const BIGKEYS_TYPE_SLOTS_MAX = 64;

export class TopKeys {
  /** Sorted largest first, at most `size` long. */
  private readonly items: BigKey[] = [];
  private readonly largest = new Map<string, TypeLargest>();
  /** Keys whose (db, type) found every slot taken: no per-type series for them. */
  droppedTypeKeys = 0;

  constructor(private readonly size: number) {}

  add(k: BigKey): void {
    const slot = `${k.db}\u0000${k.type}`;
    const best = this.largest.get(slot);
    if (!best && this.largest.size >= BIGKEYS_TYPE_SLOTS_MAX) this.droppedTypeKeys++;
    else if (!best || k.bytes > best.bytes) this.largest.set(slot, { db: k.db, type: k.type, bytes: k.bytes });

    const last = this.items[this.items.length - 1];
    if (this.items.length >= this.size && last && k.bytes <= last.bytes) return;
    // SCAN may return a key twice (while Redis rehashes): keep one entry per key.
    const dup = this.items.findIndex((i) => i.db === k.db && i.key.equals(k.key));
    if (dup !== -1) this.items.splice(dup, 1);
    let at = this.items.findIndex((i) => k.bytes > i.bytes);
    if (at === -1) at = this.items.length;
    this.items.splice(at, 0, k);
    if (this.items.length > this.size) this.items.length = this.size;
  }

  top(): readonly BigKey[] {
    return [...this.items];
  }

  largestByType(): readonly TypeLargest[] {
    return [...this.largest.values()].sort((a, b) => a.db - b.db || a.type.localeCompare(b.type));
  }
}
