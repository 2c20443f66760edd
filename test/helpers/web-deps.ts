import type { Config } from '../../src/config/config.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import type { ServerDeps } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { TargetSet } from '../../src/targets/target-set.js';

/** What the web server needs, for tests of its routes and TLS alone: no target is ever polled. */
export function depsWithoutTargets(config: Config): ServerDeps {
  return {
    config,
    targets: new TargetSet(() => {
      throw new Error('no targets here');
    }, false),
    self: new SelfMetrics({ defaultMetrics: false }),
    logger: createLogger({ format: 'json', level: 'error', secrets: [] }),
  };
}
