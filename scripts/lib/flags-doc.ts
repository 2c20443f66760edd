import { FLAGS, type FlagSpec } from '../../src/config/flags.js';

/** A table cell: pipes escaped, so a help text with "a|b" cannot split the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

function defaultOf(f: FlagSpec): string {
  if (f.kind === 'secret') return '';
  return f.def === '' ? '' : `\`${f.def}\``;
}

function help(f: FlagSpec): string {
  const choices = f.choices ? ` One of: ${f.choices.map((c) => `\`${c}\``).join(', ')}.` : '';
  const range = f.range ? ` From \`${f.range[0]}\` to \`${f.range[1]}\`.` : '';
  return cell(`${f.help}${choices}${range}`);
}

/** docs/flags.md: every flag with its env var, default and help, in the order `--help` lists them. */
export function flagsDoc(): string {
  const rows = FLAGS.filter((f) => f.notApplied === undefined).map((f) => `| \`--${f.name}\` | \`${f.env}\` | ${defaultOf(f)} | ${help(f)} |`);
  const ignored = FLAGS.filter((f) => f.notApplied !== undefined).map((f) => `| \`--${f.name}\` | \`${f.env}\` | ${cell(f.notApplied ?? '')} |`);
  return `# Flags

<!-- Generated from src/config/flags.ts by \`npm run docs:flags\`; test/unit/flags-doc.test.ts fails when they differ. -->

Every flag can also be set by its environment variable, or as a key of the YAML file given to
\`--config.file\` (the flag name without the dashes). A flag wins over its env var, an env var over
the file. Durations take Go-style units (\`500ms\`, \`5s\`, \`1m\`). \`redis-vitals --help\` prints
the same list.

| Flag | Env var | Default | What it does |
| ---- | ------- | ------- | ------------ |
${rows.join('\n')}

## redis_exporter flags accepted but not applied

So a unit written for redis_exporter starts unchanged; each one set logs one warning line saying
what differs ([migrate-from-redis_exporter.md](migrate-from-redis_exporter.md)).

| Flag | Env var | What differs |
| ---- | ------- | ------------ |
${ignored.join('\n')}
`;
}
