import { FILE as FLEET_FILE, redisFleet } from './redis-fleet.js';
import { FILE, redisPersistenceMemory } from './redis-persistence-memory.js';

/** Every generated dashboard: its file under grafana/dashboards/ and how to build it. */
export const DASHBOARDS: readonly { file: string; build: () => Record<string, unknown> }[] = [
  { file: FILE, build: redisPersistenceMemory },
  { file: FLEET_FILE, build: redisFleet },
];

export function dashboardJson(dashboard: Record<string, unknown>): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
