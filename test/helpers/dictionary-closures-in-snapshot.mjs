// How many functions in a heap snapshot have their own properties in dictionary mode (a snapshot
// shows that store as an array named "(object properties)"), and how many bytes those stores take.
// esbuild's keepNames wraps functions in __name(), an Object.defineProperty of `name`, and V8 turns
// a function so redefined into a dictionary-mode object (~256 bytes each): every closure a target
// or a poll creates paid it. Run as a child of the test (test/package/dist-cli.test.ts) so the
// parse of a 10+ MB snapshot stays out of the test's own process.
// usage: node test/helpers/dictionary-closures-in-snapshot.mjs <file.heapsnapshot> [script regex]  -> {"closures":n,"bytes":n}
// With a regex, only functions whose source is a script whose name matches it (e.g. `cli\.cjs$`).
import { readFileSync } from 'node:fs';

const snap = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { meta } = snap.snapshot;
const F = meta.node_fields.length;
const E = meta.edge_fields.length;
const [ti, ni, si, ci] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
const [eni, toi] = ['name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
const script = process.argv[3] ? new RegExp(process.argv[3]) : undefined;
const types = meta.node_types[0];
const nodes = snap.nodes;
const firstEdge = new Uint32Array(nodes.length / F + 1);
for (let i = 0, e = 0; i < nodes.length; i += F) {
  firstEdge[i / F] = e;
  e += (nodes[i + ci] ?? 0) * E;
}
/** The node an edge of node i named `name` leads to, or -1. */
const follow = (i, name) => {
  for (let k = 0, e = firstEdge[i / F] ?? 0; k < (nodes[i + ci] ?? 0); k++, e += E) if (snap.strings[snap.edges[e + eni] ?? 0] === name) return snap.edges[e + toi] ?? -1;
  return -1;
};
/** The name of the script a closure's code comes from ('' for a builtin or a bound function). */
const scriptOf = (i) => {
  const shared = follow(i, 'shared');
  const s = shared < 0 ? -1 : follow(shared, 'script_or_debug_info');
  return s < 0 ? '' : (snap.strings[nodes[s + ni] ?? 0] ?? '');
};
let closures = 0;
let bytes = 0;
for (let i = 0, e = 0; i < nodes.length; i += F) {
  const count = nodes[i + ci] ?? 0;
  if (types[nodes[i + ti] ?? 0] === 'closure') {
    for (let k = 0; k < count; k++) {
      const to = snap.edges[e + k * E + toi] ?? 0;
      if (types[nodes[to + ti] ?? 0] === 'array' && snap.strings[nodes[to + ni] ?? 0] === '(object properties)' && (!script || script.test(scriptOf(i)))) {
        closures++;
        bytes += nodes[to + si] ?? 0;
      }
    }
  }
  e += count * E;
}
process.stdout.write(JSON.stringify({ closures, bytes }));
