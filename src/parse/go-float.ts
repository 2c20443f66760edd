/**
 * Whether Go's strconv.ParseFloat would accept a string, and its value: redis_exporter decides
 * with it which CONFIG values and key values are numbers (redis_config_value, redis_key_value).
 * Decimal forms, "inf"/"infinity"/"nan" in any case; not JavaScript's "0x10", " 1" or "".
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

export function goParseFloat(text: string): number | undefined {
  if (DECIMAL.test(text)) {
    const n = Number(text);
    // Go reports out-of-range values as an error; redis_exporter then skips the series.
    return Number.isFinite(n) ? n : undefined;
  }
  const m = SPECIAL.exec(text);
  if (!m) return undefined;
  if ((m[2] ?? '').toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}
