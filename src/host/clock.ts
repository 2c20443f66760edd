/** Milliseconds from a monotonic clock: intervals between host readings must not jump with wall time. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}
