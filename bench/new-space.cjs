// How large V8's new space grows under churn, with and without the semi-space settings:
//   node bench/new-space.cjs                                  (V8 default)
//   node --max-semi-space-size=2 bench/new-space.cjs          (the npm bin's shebang, the image)
//   node bench/new-space.cjs --semi-space-growth-factor=1     (set at run time, as the single binary does)
// Prints the new-space sizes seen (MB) and the RSS at the end. Recorded in docs/packaging.md.
const v8 = require('node:v8');
if (process.argv[2]) v8.setFlagsFromString(process.argv[2]);
let keep = [];
const sizes = new Set();
for (let i = 0; i < 3e6; i++) {
  keep.push({ a: i, b: `x${i}` });
  if (keep.length > 200000) keep = [];
  if (i % 100000 === 0) sizes.add(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);
}
console.log(`${process.execArgv.join(' ') || process.argv[2] || 'default'}: new space ${[...sizes].join(', ')} MB; rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
