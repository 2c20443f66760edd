import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECRETS } from '../helpers/k8s-pod.js';

/**
 * docs/deploy.md's "Ways to run it" (moved out of the README, which links it): every way to run
 * it, and the Secrets the manifests expect.
 */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
const start = doc.indexOf('\n## Ways to run it\n');
const end = doc.indexOf('\n## ', start + 1);
const deploy = doc.slice(start, end < 0 ? undefined : end);

describe('docs/deploy.md: Ways to run it', () => {
  it('has a section with commands for each way to run it, linked from the README', () => {
    expect(start).toBeGreaterThan(0);
    const headings = [...deploy.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Node.js',
      'Docker image',
      'Docker Compose: Redis, redis-vitals, Prometheus, Alertmanager, Grafana',
      'Kubernetes: Redis with a redis-vitals sidecar',
      'Kubernetes: a fleet, sharded over replicas',
      'systemd',
    ]);
    for (const h of headings) {
      const body = deploy.slice(deploy.indexOf(`### ${h}`) + 1).split('\n### ')[0] ?? '';
      expect(body, h).toMatch(/```sh\n[\s\S]+?```/);
    }
    expect(readme).toContain('(docs/deploy.md)');
  });

  it('tells users to create every Secret the manifests mount, with the keys they read', () => {
    for (const [name, keys] of Object.entries(SECRETS)) {
      // Continued lines (` \\` then a newline) are part of the command.
      const cmd = new RegExp(String.raw`kubectl create secret generic ${name}((?:(?: \\\n)? +--from-file=[\w.-]+=\S+)+)`).exec(deploy);
      expect(cmd, name).not.toBeNull();
      const given = [...(cmd?.[1] ?? '').matchAll(/--from-file=([\w.-]+)=/g)].map((m) => m[1]).sort();
      expect(given, name).toEqual(Object.keys(keys).sort());
    }
  });

  it('puts no password on a command line', () => {
    expect(deploy).not.toMatch(/--(redis\.)?password[ =]|--requirepass|REDIS_PASSWORD=/);
  });
});
