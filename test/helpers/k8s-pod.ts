import { readFileSync } from 'node:fs';
import { makeCerts } from './certs.js';
import { expandK8s, type K8sObject } from './k8s.js';

/** A container of a pod template, as far as the deploy tests read it. */
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface Pod {
  containers: Container[];
  volumes?: { name: string; [k: string]: unknown }[];
}

export const TEST_SECRET = 'k8s-test-secret-3b7f20';

/**
 * Stand-ins for the Secrets docs/deploy.md has users create (`kubectl create secret generic …`),
 * with the keys the manifests read. A test keeps those commands and these keys in step.
 */
export const SECRETS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'redis-auth': { password: TEST_SECRET },
  // A real certificate: the exporter checks TLS files when it loads its config.
  'redis-ca': { 'ca.crt': readFileSync(makeCerts().ca, 'utf8') },
  'redis-vitals-fleet-passwords': Object.fromEntries(['cache-a', 'cache-b', 'cache-c', 'carts', 'search-cache', 'sessions'].map((k) => [k, TEST_SECRET])),
};

export function statefulSet(all: readonly K8sObject[], name: string): { sts: K8sObject; pod: Pod; replicas: number; claims: string[] } {
  const sts = all.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name);
  if (!sts) throw new Error(`no StatefulSet ${name} in the kustomize build`);
  const spec = sts.spec as { replicas: number; template: { spec: Pod }; volumeClaimTemplates?: { metadata: { name: string } }[] };
  return { sts, pod: spec.template.spec, replicas: spec.replicas, claims: (spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name) };
}

export function containerOf(pod: Pod, name: string): Container {
  const c = pod.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** A container's env as the kubelet sets it in the pod named `podName`, paths mapped by `map`. */
export function containerEnv(c: Container, podName: string, map: (p: string) => string = (p) => p): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = podName;
    else if (e.value !== undefined) env[e.name] = map(expandK8s(e.value, env));
    else throw new Error(`${c.name}: env ${e.name} has a source the tests do not emulate`);
  }
  return env;
}
