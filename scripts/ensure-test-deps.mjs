#!/usr/bin/env node
// Runs before `npm test`: the suite uses real binaries from Debian packages. Installs the missing
// ones when it can (root with apt-get), otherwise stops with a message naming the packages.
import { spawnSync } from 'node:child_process';

const NEEDED = [
  ['redis-server', 'redis-server'],
  ['redis-cli', 'redis-tools'],
  ['promtool', 'prometheus'],
  ['prometheus', 'prometheus'],
  ['prometheus-alertmanager', 'prometheus-alertmanager'],
  ['amtool', 'prometheus-alertmanager'],
  ['prometheus-redis-exporter', 'prometheus-redis-exporter'],
  ['chromium', 'chromium'],
  // Packaging tests (test/package): build, inspect and verify the .deb and its unit.
  ['dpkg-deb', 'dpkg'],
  ['help2man', 'help2man'],
  ['lintian', 'lintian'],
  ['systemd-analyze', 'systemd'],
  ['man', 'man-db'],
  ['strip', 'binutils'],
];

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

// The Kubernetes manifest tests (test/deploy/kubernetes*.test.ts, readme-deploy.test.ts) build
// deploy/kubernetes with `kubectl kustomize`, which needs kustomize v5 (kubectl 1.27+). Debian's
// own kubectl package is 1.20 (kustomize v2) and cannot build them; apt cannot fix that, so say
// it here, before the suite runs, rather than as a failure deep in three test files.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const kustomize = /Kustomize Version: v(\d+)/.exec(kubectl.stdout ?? '')?.[1];
if (kubectl.status !== 0 || kustomize === undefined || Number(kustomize) < 5) {
  console.error(
    `The Kubernetes manifest tests need kubectl with kustomize v5 (kubectl 1.27 or later; no cluster needed): ${kubectl.status !== 0 ? 'kubectl is not installed' : `found kustomize ${kustomize ? `v${kustomize}` : 'unknown'}`}.\n` +
      "Debian's kubectl (1.20) is too old: install an upstream kubectl binary (see CONTRIBUTING.md), then run npm test again.",
  );
  process.exit(1);
}

const missing = [...new Set(NEEDED.filter(([bin]) => !has(bin)).map(([, pkg]) => pkg))];
if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
if (!isRoot || !has('apt-get')) {
  console.error(`The tests need these Debian packages: ${missing.join(' ')}\n` + `Install them (sudo apt-get install -y ${missing.join(' ')}) or run npm test as root on Debian/Ubuntu.`);
  process.exit(1);
}
console.error(`Installing test dependencies: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', '--no-install-recommends', ...missing])) {
  console.error(`apt-get could not install: ${missing.join(' ')}`);
  process.exit(1);
}
const still = NEEDED.filter(([bin]) => !has(bin)).map(([bin]) => bin);
if (still.length > 0) {
  console.error(`still missing after install: ${still.join(' ')}`);
  process.exit(1);
}
