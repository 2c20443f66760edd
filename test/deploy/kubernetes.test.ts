import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomize, schemaErrors, unknownFields, type K8sObject } from '../helpers/k8s.js';
import { restrictedViolations, type PodSpec } from '../helpers/pod-security.js';

/**
 * deploy/kubernetes as `kubectl apply -k` would send it, checked without a cluster: the Kubernetes
 * 1.32 OpenAPI schemas (kubernetes-models) and the prometheus-operator CRD schemas
 * (@kubernetes-models/prometheus-operator), unknown fields, the restricted Pod Security
 * Standard, and how the objects refer to each other.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'deploy/kubernetes');
const all = kustomize(dir);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string }[];
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
}
type Pod = PodSpec & { containers: Container[]; shareProcessNamespace?: boolean; volumes?: { name: string; [k: string]: unknown }[] };
const find = (kind: string, name: string): K8sObject => {
  const o = all.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in the kustomize build`);
  return o;
};
const podOf = (o: K8sObject) => (o.spec as { template: { spec: Pod } }).template.spec;
const container = (pod: Pod, name: string): Container => pod.containers.find((c) => c.name === name) as Container;

describe('deploy/kubernetes (kubectl kustomize)', () => {
  it('builds the sidecar StatefulSet, the fleet, their Services and ServiceMonitors, and the PrometheusRule', () => {
    expect(all.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`).sort()).toEqual([
      'ConfigMap/redis-config',
      'ConfigMap/redis-vitals-fleet-config',
      'PrometheusRule/redis-vitals',
      'Service/redis',
      'Service/redis-vitals-fleet',
      'ServiceMonitor/redis',
      'ServiceMonitor/redis-vitals-fleet',
      'StatefulSet/redis',
      'StatefulSet/redis-vitals-fleet',
    ]);
    // The PrometheusRule is the generated file, unchanged by kustomize.
    const committed = parse(readFileSync(join(dir, 'prometheusrule.yaml'), 'utf8')) as K8sObject;
    expect(find('PrometheusRule', 'redis-vitals').spec).toEqual(committed.spec);
  });

  it('every object is valid against its OpenAPI or CRD schema', async () => {
    const errors = (await Promise.all(all.map(schemaErrors))).flat();
    expect(errors).toEqual([]);
  });

  it('no object has a field its schema does not know', () => {
    expect(unknownFields(all)).toEqual([]);
  });

  it('both checks catch a wrong type and a misspelt field (they can fail)', async () => {
    const bad = structuredClone(find('StatefulSet', 'redis')) as K8sObject & { spec: { replicas: unknown; template: { spec: { containers: { securityContext: Record<string, unknown> }[] } } } };
    bad.spec.replicas = 'one';
    bad.spec.template.spec.containers[0]!.securityContext.readOnlyRootFileSystem = true;
    expect((await schemaErrors(bad)).join()).toMatch(/replicas must be integer/);
    expect(unknownFields([bad]).join()).toMatch(/readOnlyRootFileSystem/);
    const sm = structuredClone(find('ServiceMonitor', 'redis')) as K8sObject & { spec: { endpoints: { interval: string }[] } };
    sm.spec.endpoints[0]!.interval = 'often';
    expect((await schemaErrors(sm)).join()).toMatch(/interval must match pattern/);
  });

  it('both pods meet the restricted Pod Security Standard and set requests and limits', () => {
    for (const name of ['redis', 'redis-vitals-fleet']) {
      const pod = podOf(find('StatefulSet', name));
      expect(restrictedViolations(pod), name).toEqual([]);
      for (const c of pod.containers) {
        expect(c.resources?.requests?.cpu && c.resources.requests.memory, `${name}/${c.name} requests`).toBeTruthy();
        expect(c.resources?.limits?.memory, `${name}/${c.name} memory limit`).toBeTruthy();
        expect((c as { securityContext?: { readOnlyRootFilesystem?: boolean } }).securityContext?.readOnlyRootFilesystem, `${name}/${c.name}`).toBe(true);
      }
    }
  });

  it('the PSS check itself rejects a hostPath volume and a root container (it can fail)', () => {
    const pod = structuredClone(podOf(find('StatefulSet', 'redis')));
    pod.volumes = [...(pod.volumes ?? []), { name: 'proc', hostPath: { path: '/proc' } }];
    (pod.containers[0] as { securityContext?: object }).securityContext = { runAsUser: 0 };
    expect(restrictedViolations(pod).join('\n')).toMatch(/volume proc: type hostPath[\s\S]*allowPrivilegeEscalation[\s\S]*runAsUser 0/);
  });

  it("sidecar: shares Redis's PID namespace and data volume (read-only), probes health and readiness, password from a Secret file", () => {
    const pod = podOf(find('StatefulSet', 'redis'));
    expect(pod.shareProcessNamespace).toBe(true);
    const redis = container(pod, 'redis');
    const vitals = container(pod, 'redis-vitals');
    expect(vitals.image).toBe(`redis-vitals:${pkg.version}`);
    const dataIn = (c: Container) => c.volumeMounts?.find((m) => m.name === 'data');
    expect(dataIn(vitals)).toEqual({ name: 'data', mountPath: dataIn(redis)?.mountPath, readOnly: true });
    expect(vitals.livenessProbe?.httpGet).toEqual({ path: '/-/healthy', port: 'metrics' });
    expect(vitals.readinessProbe?.httpGet).toEqual({ path: '/-/ready', port: 'metrics' });
    expect(vitals.ports?.find((p) => p.name === 'metrics')?.containerPort).toBe(9121);
    const pwFile = vitals.env?.find((e) => e.name === 'REDIS_PASSWORD_FILE')?.value ?? '';
    const mount = vitals.volumeMounts?.find((m) => pwFile.startsWith(`${m.mountPath}/`));
    expect(pod.volumes?.find((v) => v.name === mount?.name)?.secret).toMatchObject({ secretName: 'redis-auth' });
    const claims = (find('StatefulSet', 'redis').spec as { volumeClaimTemplates: { metadata: { name: string } }[] }).volumeClaimTemplates;
    expect(claims.map((c) => c.metadata.name)).toContain('data');
    // No password anywhere in a command line or a plain env value.
    for (const c of pod.containers) {
      expect(JSON.stringify([(c as { command?: string[] }).command, c.args])).not.toMatch(/--(redis\.)?password[ =]|--requirepass/);
      expect(c.env?.filter((e) => /PASSWORD/.test(e.name) && !e.name.endsWith('_FILE')) ?? []).toEqual([]);
    }
  });

  it('each ServiceMonitor selects its Service, whose metrics port reaches the exporter container', () => {
    for (const name of ['redis', 'redis-vitals-fleet']) {
      const sm = find('ServiceMonitor', name).spec as { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] };
      const svc = all.filter((o) => o.kind === 'Service' && Object.entries(sm.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v));
      expect(svc.map((s) => s.metadata.name)).toEqual([name]);
      const ports = svc[0]?.spec as { ports: { name: string; targetPort: string }[]; selector: Record<string, string> };
      const sts = find('StatefulSet', name);
      const podLabels = (sts.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
      expect(Object.entries(ports.selector).every(([k, v]) => podLabels[k] === v)).toBe(true);
      for (const ep of sm.endpoints) {
        expect(ep.path).toBe('/metrics');
        const target = ports.ports.find((p) => p.name === ep.port)?.targetPort;
        expect(container(podOf(sts), 'redis-vitals').ports?.map((p) => p.name)).toContain(target);
      }
    }
  });
});
