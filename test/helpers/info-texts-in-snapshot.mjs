// How many INFO reply texts a heap snapshot holds other than through the holders named by the
// regex in argv[3]: a snapshot names each string node by its text (an INFO reply starts so); a text
// counts when something holds it directly, or holds a slice of it, without one of those holders
// within 3 steps. Run as a child of the test (test/integration/poll-kept-info.test.ts), so the
// parse of the snapshot leaves no strings of its own in the heap being measured.
// usage: node test/helpers/info-texts-in-snapshot.mjs <file.heapsnapshot> <holder regex>
import { readFileSync } from 'node:fs';

const snap = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const NOT_OURS = new RegExp(process.argv[3] ?? '^$');
const { meta } = snap.snapshot;
const F = meta.node_fields.length;
const E = meta.edge_fields.length;
const [ti, ni, ci] = ['type', 'name', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
const [eti, toi] = ['type', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
const types = meta.node_types[0];
const holders = new Map();
for (let i = 0, e = 0; i < snap.nodes.length; i += F) {
  for (let k = 0; k < (snap.nodes[i + ci] ?? 0); k++, e += E) {
    if (meta.edge_types[0][snap.edges[e + eti] ?? 0] === 'weak') continue;
    const to = snap.edges[e + toi] ?? 0;
    const list = holders.get(to);
    if (list) list.push(i);
    else holders.set(to, [i]);
  }
}
const name = (i) => snap.strings[snap.nodes[i + ni] ?? 0] ?? '';
const isString = (i) => (types[snap.nodes[i + ti] ?? 0] ?? '').includes('string');
const explained = (i, depth) => NOT_OURS.test(name(i)) || (depth > 0 && (holders.get(i) ?? []).some((h) => explained(h, depth - 1)));
let n = 0;
for (let i = 0; i < snap.nodes.length; i += F) {
  if (!isString(i) || !name(i).startsWith('# Server\r\nredis_version:')) continue;
  const direct = (holders.get(i) ?? []).filter((h) => !isString(h));
  const viaSlices = (holders.get(i) ?? []).filter(isString).flatMap((s) => holders.get(s) ?? []);
  if ([...direct, ...viaSlices].some((h) => !explained(h, 3))) n++;
}
process.stdout.write(String(n));
