import type { Collector } from './types.js';

/** Restarts the exporter saw, and the key count before the last one (for "dataset lost"). */
export const restartsCollector: Collector = {
  name: 'restarts',
  collect({ extras }, sink) {
    const r = extras.restarts;
    if (!r) return;
    sink.counter('redis_restarts_observed_total', 'Restarts of this Redis seen by the exporter (run_id changed or uptime went back) since the exporter started.', r.observed);
    if (r.last) {
      sink.gauge('redis_keys_before_last_restart', 'Keys Redis held at the last poll before the last observed restart.', r.last.keysBefore);
      sink.gauge('redis_last_restart_observed_timestamp_seconds', 'Unix time of the poll that saw the last restart.', r.last.seenAt);
    }
  },
};
