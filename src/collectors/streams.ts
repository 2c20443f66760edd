import { streamIdMs } from '../parse/xinfo.js';
import type { Collector } from './types.js';

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
      sink.gauge('redis_stream_length', 'The number of elements of the stream.', s.info.length, l);
      sink.gauge('redis_stream_radix_tree_keys', 'Radix tree keys count.', s.info.radixTreeKeys, l);
      sink.gauge('redis_stream_radix_tree_nodes', 'Radix tree nodes count.', s.info.radixTreeNodes, l);
      sink.gauge('redis_stream_last_generated_id', 'The epoch timestamp (ms) of the latest message on the stream.', streamIdMs(s.info.lastGeneratedId), l);
      sink.gauge('redis_stream_groups', 'Groups count of stream.', s.info.groups, l);
      for (const g of s.groups) {
        const gl = { ...l, group: g.name };
        sink.gauge('redis_stream_group_consumers', 'Consumers count of stream group.', g.consumers, gl);
        sink.gauge('redis_stream_group_messages_pending', 'Pending number of messages in that stream group.', g.pending, gl);
        sink.gauge('redis_stream_group_last_delivered_id', 'The epoch timestamp (ms) of the last delivered message.', streamIdMs(g.lastDeliveredId), gl);
        for (const c of g.consumerList) {
          const cl = { ...gl, consumer: c.name };
          sink.gauge('redis_stream_group_consumer_messages_pending', 'Pending number of messages for this specific consumer.', c.pending, cl);
          sink.gauge('redis_stream_group_consumer_idle_seconds', 'Consumer idle time in seconds.', c.idleMs / 1e3, cl);
        }
      }
    }
  },
};
