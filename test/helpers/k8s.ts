import { spawnSync } from 'node:child_process';
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
  const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
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
