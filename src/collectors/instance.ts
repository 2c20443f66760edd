import { toNumber } from '../parse/info.js';
import type { Collector } from './types.js';

/** Identity series: redis_instance_info (labels as redis_exporter 1.45 sets them) and start time. */
export const instanceCollector: Collector = {
  name: 'instance',
  needsRedis: true,
  collect({ info, now }, sink) {
    const f = (k: string) => info.fields.get(k) ?? '';
    sink.gauge('redis_instance_info', 'Information about the Redis instance; value is always 1.', 1, {
      maxmemory_policy: f('maxmemory_policy'),
      os: f('os'),
      process_id: f('process_id'),
      redis_build_id: f('redis_build_id'),
      redis_mode: f('redis_mode') || f('server_mode'),
      redis_version: f('redis_version'),
      role: f('role'),
      run_id: f('run_id'),
      tcp_port: f('tcp_port'),
    });
    const uptime = toNumber(info.fields.get('uptime_in_seconds'));
    if (uptime !== undefined) {
      sink.gauge('redis_start_time_seconds', 'Unix time the Redis server started (poll time minus uptime_in_seconds).', Math.round(now - uptime));
    }
  },
};
