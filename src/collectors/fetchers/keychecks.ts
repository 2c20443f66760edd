import type { Fetcher } from '../types.js';
import { VitalsError } from '../../errors.js';
import type { KeyChecksJob, KeyChecksResults } from '../../keychecks/job.js';

declare module '../types.js' {
  interface PollExtras {
    /** The key-check job's last completed pass; absent when off, not yet done, or failing. */
    keyChecks?: KeyChecksResults;
  }
}

/** Hands the key-check job's results to the poll; sends nothing to Redis itself. */
export function keyChecksFetcher(job: KeyChecksJob): Fetcher {
  return {
    name: 'keychecks',
    async fetch() {
      const { last, error } = job.results();
      // collector_success{collector="keychecks"} 0 while the job cannot read Redis.
      if (error !== undefined) throw new VitalsError('E_REDIS_COMMAND', `key checks failing: ${error}`);
      return last ? { keyChecks: last } : {};
    },
  };
}
