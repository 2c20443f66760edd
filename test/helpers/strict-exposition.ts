/**
 * A strict reader of Prometheus text exposition 0.0.4, for tests that check thousands of
 * responses (spawning promtool for each is too slow). Stricter than promtool on purpose: it
 * also rejects duplicate series and a family whose lines are split apart. Returns the
 * problems found; an empty list means valid.
 */
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const NAME_RE = new RegExp(`^${NAME}$`);
const SAMPLE_RE = new RegExp(`^(${NAME})(.*)$`, 's');
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count', ''] };

/** Parses `{a="x",b="y"}` from position 0; returns labels and the rest of the line, or an error. */
function readLabels(text: string): { labels: [string, string][]; rest: string } | string {
  const labels: [string, string][] = [];
  let i = 1;
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf('=', i);
    if (eq < 0) return 'label without "="';
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) return `bad label name "${name}"`;
    if (text[eq + 1] !== '"') return `label ${name}: value not quoted`;
    let j = eq + 2;
    let value = '';
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const next = text[++j];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else return `label ${name}: bad escape \\${next ?? ''}`;
    }
    if (j >= text.length) return `label ${name}: unterminated value`;
    labels.push([name, value]);
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return `label ${name}: expected "," or "}"`;
  }
}

export function checkExposition(text: string): string[] {
  const problems: string[] = [];
  if (text !== '' && !text.endsWith('\n')) problems.push('does not end with a newline');
  const typeOf = new Map<string, string>();
  const helped = new Set<string>();
  const series = new Set<string>();
  const sampled = new Set<string>();
  const closed = new Set<string>();
  let current = '';
  const familyOf = (name: string): string => {
    if (typeOf.has(name)) return name;
    const suffix = /_(?:bucket|sum|count)$/.exec(name)?.[0];
    if (!suffix) return name;
    const base = name.slice(0, -suffix.length);
    return SUFFIXES[typeOf.get(base) ?? '']?.includes(suffix) ? base : name;
  };
  const enter = (family: string, lineNo: number) => {
    if (family === current) return;
    if (closed.has(family)) problems.push(`line ${lineNo}: family ${family} appears again after other families`);
    if (current) closed.add(current);
    current = family;
  };
  const lines = text.split('\n');
  lines.forEach((line, idx) => {
    const n = idx + 1;
    // The format ignores empty lines (the process series keep prom-client's one between families).
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/s.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!NAME_RE.test(name)) problems.push(`line ${n}: bad metric name in ${kind}`);
      enter(name, n);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) problems.push(`line ${n}: unknown type "${rest}"`);
        if (typeOf.has(name)) problems.push(`line ${n}: second TYPE for ${name}`);
        if (sampled.has(name)) problems.push(`line ${n}: TYPE after samples of ${name}`);
        typeOf.set(name, rest);
      } else {
        if (helped.has(name)) problems.push(`line ${n}: second HELP for ${name}`);
        if (/\\(?![n\\])/.test(rest.replace(/\\[n\\]/g, ''))) problems.push(`line ${n}: bad escape in HELP`);
        helped.add(name);
      }
      return;
    }
    if (line.startsWith('#')) return;
    const m = SAMPLE_RE.exec(line);
    if (!m) return problems.push(`line ${n}: not a sample: ${JSON.stringify(line.slice(0, 80))}`);
    const name = m[1] as string;
    let rest = m[2] as string;
    let labels: [string, string][] = [];
    if (rest.startsWith('{')) {
      const r = readLabels(rest);
      if (typeof r === 'string') return problems.push(`line ${n}: ${r}`);
      ({ labels, rest } = r);
    }
    const parts = rest.split(' ');
    if (parts[0] !== '' || parts.length < 2 || parts.length > 3) return problems.push(`line ${n}: expected " value [timestamp]"`);
    if (!VALUE.test(parts[1] ?? '')) problems.push(`line ${n}: bad value "${parts[1]}"`);
    if (parts[2] !== undefined && !/^-?\d+$/.test(parts[2])) problems.push(`line ${n}: bad timestamp`);
    const names = labels.map(([k]) => k);
    if (new Set(names).size !== names.length) problems.push(`line ${n}: repeated label name`);
    const family = familyOf(name);
    enter(family, n);
    sampled.add(family);
    const type = typeOf.get(family);
    if (type === 'histogram' && name.endsWith('_bucket') !== names.includes('le')) problems.push(`line ${n}: le label misplaced`);
    // expfmt parses quantile and le as floats and rejects the whole body otherwise.
    for (const [k, v] of labels) {
      const floatLabel = (k === 'quantile' && type === 'summary') || (k === 'le' && type === 'histogram');
      if (floatLabel && !VALUE.test(v)) problems.push(`line ${n}: ${k}="${v}" is not a number`);
    }
    const key = `${name}{${labels
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .sort()
      .join(',')}}`;
    if (series.has(key)) problems.push(`line ${n}: duplicate series ${key}`);
    series.add(key);
  });
  return problems;
}
