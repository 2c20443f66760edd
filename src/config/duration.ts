/**
 * Go-style durations ("500ms", "15s", "1m30s") as redis_exporter accepts them, plus bare seconds.
 * Every Go unit is parsed (ns, us, µs too), so a tiny value is refused by a setting's range
 * (docs/limits.md) with the same message whatever its unit, never half-accepted.
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(raw: string): number | undefined {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // Micro as \u escapes: one character above U+00FF makes V8 hold the whole bundle's source as two-byte text.
  const re = /(\d+(?:\.\d+)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    matched = re.lastIndex;
  }
  if (matched !== text.length || text.length === 0 || !Number.isFinite(total)) return undefined;
  return total;
}
