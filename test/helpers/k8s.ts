import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** The slice of a Kubernetes object the deploy tests read; validation covers the rest. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `kubectl kustomize DIR`, parsed: exactly the objects `kubectl apply -k DIR` would send. */
export function kustomize(dir: string): K8sObject[] {
  const probe = spawnSync('sh', ['-c', 'command -v kubectl']);
  if (probe.status !== 0) throw new Error('kubectl is not installed: the Kubernetes manifest tests build them with `kubectl kustomize` (kubectl 1.14+, no cluster needed)');
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => {
    if (d.errors.length > 0) throw new Error(`kustomize output: ${d.errors[0]?.message}`);
    return d.toJS() as K8sObject;
  });
}

/** Where each kind's model lives: kubernetes-models (Kubernetes 1.32 OpenAPI) or the prometheus-operator CRDs. */
function modelModule(o: { apiVersion: string; kind: string }): string {
  if (o.apiVersion.startsWith('monitoring.coreos.com/')) return `@kubernetes-models/prometheus-operator/${o.apiVersion}/${o.kind}`;
  return o.apiVersion.includes('/') ? `kubernetes-models/${o.apiVersion}/${o.kind}` : `kubernetes-models/v1/${o.kind}`;
}

/** Schema errors of one object, from the package's validator (ajv compiled from the OpenAPI schema). */
export async function schemaErrors(o: K8sObject): Promise<string[]> {
  const mod = (await import(modelModule(o))) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[o.kind];
  if (!Model) return [`no model for ${o.apiVersion} ${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [`${o.kind}/${o.metadata.name}: ${(err as Error).message}`];
  }
}

/**
 * Fields the schema does not know. The OpenAPI schemas leave unknown fields open (the API
 * server's strict field validation rejects them), so each object is type-checked as an object
 * literal against the package's interface: TypeScript's excess-property check then names every
 * misspelt or misplaced field with its path.
 */
export function unknownFields(objects: readonly K8sObject[]): string[] {
  const file = join(root, 'test-artifacts', 'k8s-fields.check.ts');
  const lines = objects.map((o, i) => `import type { I${o.kind} as T${i} } from '${modelModule(o)}';\nexport const o${i}: T${i} = ${JSON.stringify(o)};`);
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === file || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, source, lang) : getSource(f, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const which = d.file?.fileName === file && at >= 0 ? objects[Math.floor(at / 2)] : undefined;
    return `${which ? `${which.kind}/${which.metadata.name}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** Kubernetes' expansion of container command/args: `$(VAR)` from the container's env, `$$` → `$`. */
export function expandK8s(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name?: string) => (m === '$$' ? '$' : name !== undefined && name in env ? (env[name] as string) : m));
}

interface Volume {
  name: string;
  configMap?: { name: string };
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  persistentVolumeClaim?: unknown;
}
interface PodContainer {
  name: string;
  volumeMounts?: { name: string; mountPath: string }[];
}

/**
 * Stands in for a pod's volumes on this machine: one temp directory per volume (shared by the
 * containers that mount it, like the real thing), ConfigMaps from the build with their container
 * paths rewritten to local ones, Secrets from `secrets` (name → key → content), claim templates
 * empty. `forContainer` maps and rewrites container paths for one container.
 */
export function podPaths(
  pod: { containers: PodContainer[]; volumes?: Volume[] },
  claims: readonly string[],
  objects: readonly K8sObject[],
  secrets: Readonly<Record<string, Readonly<Record<string, string>>>>,
): { root: string; forContainer(name: string): { map(path: string): string; rewrite(text: string): string } } {
  const root = mkdtempSync(join(tmpdir(), 'rv-pod-'));
  const volumeDir = (name: string) => join(root, name);
  const mountsOf = (c: PodContainer) => (c.volumeMounts ?? []).map((m) => ({ target: m.mountPath, local: volumeDir(m.name) }));
  const forMounts = (mounts: { target: string; local: string }[]) => {
    const sorted = [...mounts].sort((a, b) => b.target.length - a.target.length);
    const map = (p: string) => {
      const m = sorted.find((x) => p === x.target || p.startsWith(`${x.target}/`));
      return m ? m.local + p.slice(m.target.length) : p;
    };
    const any = new RegExp(`(${sorted.map((m) => m.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w.-])`, 'g');
    return { map, rewrite: (text: string) => (sorted.length === 0 ? text : text.replace(any, (t) => map(t))) };
  };
  // ConfigMap contents may name paths of any container that mounts it.
  const everyMount = forMounts(pod.containers.flatMap(mountsOf));
  for (const v of pod.volumes ?? []) {
    const dir = volumeDir(v.name);
    mkdirSync(dir, { recursive: true });
    if (v.configMap) {
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap?.name);
      if (!cm) throw new Error(`volume ${v.name}: no ConfigMap ${v.configMap.name} in the build`);
      for (const [k, text] of Object.entries(cm.data ?? {})) writeFileSync(join(dir, k), everyMount.rewrite(text));
    } else if (v.secret) {
      const data = secrets[v.secret.secretName];
      if (!data) throw new Error(`volume ${v.name}: no test data for Secret ${v.secret.secretName}`);
      const items = v.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const { key, path } of items) {
        if (!(key in data)) throw new Error(`Secret ${v.secret.secretName} has no key ${key}`);
        writeFileSync(join(dir, path), `${data[key]}\n`);
      }
    }
  }
  for (const c of claims) mkdirSync(volumeDir(c), { recursive: true });
  return {
    root,
    forContainer: (name) => {
      const c = pod.containers.find((x) => x.name === name);
      if (!c) throw new Error(`no container ${name}`);
      return forMounts(mountsOf(c));
    },
  };
}
