/** Go-style durations ("500ms", "15s", "1m30s") as redis_exporter accepts them, plus bare seconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(raw: string): number | undefined {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    matched = re.lastIndex;
  }
  if (matched !== text.length || text.length === 0 || !Number.isFinite(total)) return undefined;
  return total;
}
