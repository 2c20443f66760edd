/**
 * V8 keeps a script's source in memory for as long as its functions may be compiled (for the
 * bundle: the whole process), as one-byte text only if every character is Latin-1: a single
 * character above U+00FF makes it two-byte, and the 2.9 MB bundle then held 5.7 MB of heap
 * (measured: idle RSS 69.0 against 66.2 MB, docs/performance.md). esbuild escapes strings,
 * templates and identifiers (its default ASCII charset) but copies comments and regular
 * expression literals as written. Characters above U+00FF on comment lines are written as
 * `\uXXXX` text, which changes nothing; anywhere else they fail the build, naming the line.
 */
export function oneByteSource(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u00ff]/.test(text)) return text;
  return text
    .split('\n')
    .map((line, i) => {
      // eslint-disable-next-line no-control-regex
      if (!/[^\u0000-\u00ff]/.test(line)) return line;
      if (!/^\s*(\/\/|\/\*|\*)/.test(line))
        throw new Error(`bundle line ${i + 1} has a character above U+00FF outside a comment (write it as a \\u escape in the source): ${line.trim().slice(0, 120)}`);
      // eslint-disable-next-line no-control-regex
      return line.replace(/[^\u0000-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    })
    .join('\n');
}
