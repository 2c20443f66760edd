import { streamIdMs } from '../parse/xinfo.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'streams', section: 'keychecks' },
  {
    streamLength: {
      name: 'redis_stream_length',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream'],
      help: 'The number of elements of the stream.',
      doc: '`--check-streams`/`--check-single-streams`: XINFO STREAM `length`; labels `db`, `stream`',
    },
    streamRadixTreeKeys: {
      name: 'redis_stream_radix_tree_keys',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream'],
      help: 'Radix tree keys count.',
      doc: 'XINFO STREAM `radix-tree-keys`; labels `db`, `stream`',
    },
    streamRadixTreeNodes: {
      name: 'redis_stream_radix_tree_nodes',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream'],
      help: 'Radix tree nodes count.',
      doc: 'XINFO STREAM `radix-tree-nodes`; labels `db`, `stream`',
    },
    streamLastGeneratedId: {
      name: 'redis_stream_last_generated_id',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream'],
      help: 'The epoch timestamp (ms) of the latest message on the stream.',
      doc: 'millisecond part of XINFO STREAM `last-generated-id`; labels `db`, `stream`',
    },
    streamGroups: { name: 'redis_stream_groups', type: 'gauge', layer: 1, labels: ['db', 'stream'], help: 'Groups count of stream.', doc: 'XINFO STREAM `groups`; labels `db`, `stream`' },
    streamGroupConsumers: {
      name: 'redis_stream_group_consumers',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream', 'group'],
      help: 'Consumers count of stream group.',
      doc: 'XINFO GROUPS `consumers`; labels `db`, `stream`, `group`',
    },
    streamGroupMessagesPending: {
      name: 'redis_stream_group_messages_pending',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream', 'group'],
      help: 'Pending number of messages in that stream group.',
      doc: 'XINFO GROUPS `pending`; labels `db`, `stream`, `group`',
    },
    streamGroupLastDeliveredId: {
      name: 'redis_stream_group_last_delivered_id',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream', 'group'],
      help: 'The epoch timestamp (ms) of the last delivered message.',
      doc: 'millisecond part of XINFO GROUPS `last-delivered-id`; labels `db`, `stream`, `group`',
    },
    streamGroupConsumerMessagesPending: {
      name: 'redis_stream_group_consumer_messages_pending',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream', 'group', 'consumer'],
      help: 'Pending number of messages for this specific consumer.',
      doc: 'XINFO CONSUMERS `pending`; labels `db`, `stream`, `group`, `consumer`',
    },
    streamGroupConsumerIdleSeconds: {
      name: 'redis_stream_group_consumer_idle_seconds',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'stream', 'group', 'consumer'],
      help: 'Consumer idle time in seconds.',
      doc: 'XINFO CONSUMERS `idle` ÷ 1000; labels `db`, `stream`, `group`, `consumer`',
    },
  },
);

/**
 * --check-streams, --check-single-streams: redis_exporter 1.45's stream series from the key-check
 * job's last pass (fetched by the keychecks collector). IDs are exported as their millisecond part, idle times in seconds, as 1.45 does.
 */
export const streamsCollector: Collector = {
  name: 'streams',
  needsRedis: true,
  collect({ extras }, sink) {
    for (const s of extras.keyChecks?.streams ?? []) {
      const l = { db: s.db, stream: s.stream };
      sink.emit(FAMILIES.streamLength, s.info.length, l);
      sink.emit(FAMILIES.streamRadixTreeKeys, s.info.radixTreeKeys, l);
      sink.emit(FAMILIES.streamRadixTreeNodes, s.info.radixTreeNodes, l);
      sink.emit(FAMILIES.streamLastGeneratedId, streamIdMs(s.info.lastGeneratedId), l);
      sink.emit(FAMILIES.streamGroups, s.info.groups, l);
      for (const g of s.groups) {
        const gl = { ...l, group: g.name };
        sink.emit(FAMILIES.streamGroupConsumers, g.consumers, gl);
        sink.emit(FAMILIES.streamGroupMessagesPending, g.pending, gl);
        sink.emit(FAMILIES.streamGroupLastDeliveredId, streamIdMs(g.lastDeliveredId), gl);
        for (const c of g.consumerList) {
          const cl = { ...gl, consumer: c.name };
          sink.emit(FAMILIES.streamGroupConsumerMessagesPending, c.pending, cl);
          sink.emit(FAMILIES.streamGroupConsumerIdleSeconds, c.idleMs / 1e3, cl);
        }
      }
    }
  },
};
