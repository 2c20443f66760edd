import { toNumber } from '../parse/info.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'instance', section: 'identity' },
  {
    instanceInfo: {
      name: 'redis_instance_info',
      type: 'gauge',
      layer: 1,
      labels: ['maxmemory_policy', 'os', 'process_id', 'redis_build_id', 'redis_mode', 'redis_version', 'role', 'run_id', 'tcp_port'],
      help: 'Information about the Redis instance; value is always 1.',
      doc: 'INFO server fields as labels: `maxmemory_policy`, `os`, `process_id`, `redis_build_id`, `redis_mode`, `redis_version`, `role`, `run_id`, `tcp_port`; value 1',
    },
    startTimeSeconds: {
      name: 'redis_start_time_seconds',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Unix time the Redis server started (poll time minus uptime_in_seconds).',
      doc: 'poll time − INFO `uptime_in_seconds`',
    },
  },
);

/** Identity series: redis_instance_info (labels as redis_exporter 1.45 sets them) and start time. */
export const instanceCollector: Collector = {
  name: 'instance',
  needsRedis: true,
  collect({ info, now }, sink) {
    const f = (k: string) => info.fields.get(k) ?? '';
    sink.emit(FAMILIES.instanceInfo, 1, {
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
      sink.emit(FAMILIES.startTimeSeconds, Math.round(now - uptime));
    }
  },
};
