import type { BigKeysJob, BigKeysResults } from '../../bigkeys/job.js';
import type { Fetcher } from '../types.js';
import { VitalsError } from '../../errors.js';

declare module '../types.js' {
  interface PollExtras {
    /** The big-key job's published results; absent when the job is off or its last cycle failed. */
    bigkeys?: BigKeysResults;
  }
}

/**
 * Hands the big-key job's latest results to the poll. It sends nothing to Redis: the scan runs
 * on the job's own schedule and connection, so it can never delay INFO or the poll deadline.
 */
export function bigkeysFetcher(job: BigKeysJob): Fetcher {
  return {
    name: 'bigkeys',
    async fetch() {
      const results = job.results();
      // collector_success{collector="bigkeys"} 0 while the job cannot reach or read Redis.
      if (results.error !== undefined) throw new VitalsError('E_REDIS_COMMAND', `big-key scan failing: ${results.error}`);
      return { bigkeys: results };
    },
  };
}
