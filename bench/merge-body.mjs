#!/usr/bin/env node
// CPU and V8 garbage of building one multi-target /metrics body: N targets rendered from a golden
// one-target body (test/golden/output/redis-7.0-master.prom) with the `target` label, merged
// ROUNDS times each way, alternating: the joined-string way (each family joined into a string, then
// encoded, as metrics-body.ts's encode() did) and the Buffer way (mergedBytes). Measures only.
// usage: npm run build && node --expose-gc [--no-turbofan] bench/merge-body.mjs [TARGETS=500] [ROUNDS=20]
import { readFileSync } from 'node:fs';
import { renderFamilies, seriesOf } from '../dist/exposition/text-format.js';
import { familyIndex, familyOrder } from '../dist/exposition/merge.js';
import { mergedBytes } from '../dist/http/merged-bytes.js';

const [targets = 500, rounds = 20] = process.argv.slice(2).map(Number);
const text = readFileSync(new URL('../test/golden/output/redis-7.0-master.prom', import.meta.url), 'utf8');
const help = new Map();
const type = new Map();
const samples = [];
for (const line of text.split('\n')) {
  let m = /^# HELP (\S+) (.*)$/.exec(line);
  if (m) help.set(m[1], m[2].replace(/\\n/g, '\n').replace(/\\\\/g, '\\'));
  m = /^# TYPE (\S+) (\S+)$/.exec(line);
  if (m) type.set(m[1], m[2]);
  m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
  if (!m) continue;
  const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2].replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\')]));
  // Histogram/summary parts keep their family's name and a suffix, as the collectors emit them.
  let name = m[1];
  let suffix;
  for (const s of ['_bucket', '_sum', '_count']) if (!type.has(name) && name.endsWith(s) && type.has(name.slice(0, -s.length))) [name, suffix] = [name.slice(0, -s.length), s];
  samples.push({ name, type: type.get(name) ?? 'untyped', help: help.get(name) ?? '', labels, value: Number(m[3]), ...(suffix ? { suffix } : {}) });
}
const fams = Array.from({ length: targets }, (_, i) => renderFamilies(samples, { target: `t${i}` }));

const ways = {
  strings: () => {
    let n = 0;
    const indexes = fams.map(familyIndex);
    for (const [name, header] of familyOrder(fams)) {
      const parts = [header];
      fams.forEach((r, t) => {
        const i = indexes[t].get(name);
        if (i !== undefined) parts.push(seriesOf(r, i));
      });
      n += Buffer.from(parts.join(''), 'utf8').length;
    }
    return n;
  },
  buffers: () => {
    let n = 0;
    for (const c of mergedBytes(fams)) n += c.length;
    return n;
  },
};
const out = {};
for (const k of Object.keys(ways)) out[k] = { cpu: 0, bytes: 0, heapGrowth: 0 };

for (let r = 0; r < rounds + 2; r++) {
  for (const [k, f] of Object.entries(ways)) {
    globalThis.gc?.(); // --expose-gc: the heap growth below is then what building one body left
    const h0 = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    const bytes = f();
    const c = process.cpuUsage(c0);
    const h = process.memoryUsage().heapUsed - h0;
    await new Promise((res) => setImmediate(res));
    if (r < 2) continue; // warm-up
    Object.assign(out[k], { cpu: out[k].cpu + (c.user + c.system) / 1000, bytes, heapGrowth: out[k].heapGrowth + h });
  }
}
for (const [k, o] of Object.entries(out)) {
  console.log(
    `${k}: ${(o.bytes / 1048576).toFixed(1)} MB body of ${targets} targets, ${(o.cpu / rounds).toFixed(1)} ms CPU a body, V8 heap +${(o.heapGrowth / rounds / 1048576).toFixed(1)} MB while building one`,
  );
}
