// The throughput ceiling for a Node exporter: node:http, no framework, one body from memory.
// Plain JS so no TypeScript loader runs in the measured process.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
const body = readFileSync(file);
const headers = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': body.length };
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
