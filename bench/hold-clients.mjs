// Opens N idle TCP connections to a Redis and holds them until killed: "a Redis with 10,000
// clients connected". Its own process, so its 10,000 sockets cost the measured ones nothing.
// Prints "ready <n>" once every connection is accepted (Redis answered a PING on it).
import { connect } from 'node:net';

const [port, count] = process.argv.slice(2).map(Number);
const sockets = [];
function open() {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('error', reject);
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => (String(d).startsWith('+PONG') ? resolve(s) : reject(new Error(String(d).trim()))));
    sockets.push(s);
  });
}
// Batches stay under the listen backlog so no SYN is dropped and retried a second later.
for (let i = 0; i < count; i += 250) {
  await Promise.all(Array.from({ length: Math.min(250, count - i) }, open));
}
process.stdout.write(`ready ${sockets.length}\n`);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => undefined, 1 << 30);
