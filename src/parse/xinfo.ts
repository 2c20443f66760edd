/**
 * Pure readers for XINFO STREAM / GROUPS / CONSUMERS replies, as redis_exporter 1.45 reads them
 * for --check-streams. A reply is a flat [k, v, …] list under RESP2, a Map or a plain object
 * under RESP3; numbers may come as numbers or strings.
 */
export interface StreamConsumer {
  readonly name: string;
  readonly pending: number;
  /** Milliseconds since the consumer's last interaction (`idle`). */
  readonly idleMs: number;
}

export interface StreamGroup {
  readonly name: string;
  readonly consumers: number;
  readonly pending: number;
  readonly lastDeliveredId: string;
}

export interface StreamInfo {
  readonly length: number;
  readonly radixTreeKeys: number;
  readonly radixTreeNodes: number;
  readonly lastGeneratedId: string;
  readonly groups: number;
}

/** Field name → value of one XINFO reply (or one element of a list reply). */
export function fieldsOf(reply: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]), reply[i + 1]);
  } else if (reply instanceof Map) {
    for (const [k, v] of reply) out.set(String(k), v);
  } else if (reply !== null && typeof reply === 'object') {
    for (const [k, v] of Object.entries(reply)) out.set(k, v);
  }
  return out;
}

const num = (v: unknown): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function parseStreamInfo(reply: unknown): StreamInfo {
  const f = fieldsOf(reply);
  return {
    length: num(f.get('length')),
    radixTreeKeys: num(f.get('radix-tree-keys')),
    radixTreeNodes: num(f.get('radix-tree-nodes')),
    lastGeneratedId: str(f.get('last-generated-id')),
    groups: num(f.get('groups')),
  };
}

export function parseStreamGroups(reply: unknown): StreamGroup[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((g) => {
    const f = fieldsOf(g);
    return { name: str(f.get('name')), consumers: num(f.get('consumers')), pending: num(f.get('pending')), lastDeliveredId: str(f.get('last-delivered-id')) };
  });
}

export function parseStreamConsumers(reply: unknown): StreamConsumer[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((c) => {
    const f = fieldsOf(c);
    return { name: str(f.get('name')), pending: num(f.get('pending')), idleMs: num(f.get('idle')) };
  });
}

/** The millisecond part of a stream ID ("1700000000000-3" → 1700000000000), as redis_exporter exports it. */
export function streamIdMs(id: string): number {
  const n = Number(id.split('-')[0]);
  return Number.isFinite(n) ? n : 0;
}
