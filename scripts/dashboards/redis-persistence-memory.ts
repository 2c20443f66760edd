import { DS, layout, m, standardVariables } from './builder.js';
import { hostRow, memoryRow, replicationRow } from './rows-memory-host-replication.js';
import { overviewRow, persistenceRow } from './rows-overview-persistence.js';
import { doctorRow } from './row-doctor-log-restarts.js';

export const FILE = 'grafana/dashboards/redis-persistence-memory.json';
/** The fleet dashboard links its rows here. */
export const UID = 'redis-vitals-persistence-memory';

/** "Redis persistence & memory": the guide's failures, one row per area, alerts as annotations. */
export function redisPersistenceMemory(): Record<string, unknown> {
  return {
    uid: UID,
    title: 'Redis persistence & memory',
    description: 'RDB/AOF persistence, memory and eviction, host settings behind fork failures, and replication buffers, from redis-vitals.',
    tags: ['redis', 'redis-vitals'],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    refresh: '30s',
    timezone: 'browser',
    links: [{ title: 'Redis fleet', type: 'link', url: '/d/redis-vitals-fleet', keepTime: true, includeVars: false }],
    annotations: {
      list: [
        {
          builtIn: 1,
          name: 'Annotations & Alerts',
          type: 'dashboard',
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          datasource: { type: 'grafana', uid: '-- Grafana --' },
        },
        {
          name: 'Redis alerts',
          enable: true,
          iconColor: 'red',
          datasource: DS,
          expr: m('ALERTS', 'alertstate="firing"', 'alertname=~"Redis.*"'),
          step: '1m',
          titleFormat: '{{alertname}}',
          textFormat: '{{severity}} on {{instance}}',
          tagKeys: 'severity,check',
          useValueForTime: false,
        },
      ],
    },
    templating: { list: standardVariables('redis_up') },
    panels: layout([overviewRow, persistenceRow, memoryRow, hostRow, replicationRow, doctorRow]),
  };
}
