/**
 * Error classes the bundler renamed: `var ErrorReply2 = class extends Error` where two modules
 * both declare `ErrorReply`. Such a class's constructor.name is the new name, and error classes
 * are told apart by it (src/redis/classify-error.ts, src/keychecks/read.ts, the log's `type` of an
 * error). esbuild's keepNames would set the old name back with `__name()`, but that is off
 * (bundle.ts says why), so a renamed error class fails the build instead: rename it in src, or
 * if it is a dependency's, see what reads its name.
 */
export function renamedErrorClasses(script: string): string[] {
  const found = new Set<string>();
  for (const m of script.matchAll(/\bclass ([A-Za-z_$][\w$]*(?:Error|Reply)\d+)\b|\b([A-Za-z_$][\w$]*(?:Error|Reply)\d+) = class\b/g)) found.add(m[1] ?? m[2] ?? '');
  return [...found].sort();
}
