import { RULES } from './index.js';
import { DEFAULT_THRESHOLDS } from '../config/thresholds.js';

/** docs/doctor.md, generated from the rules themselves so the page can never drift from the code. */
export function doctorDoc(): string {
  const intro = `# Doctor

The doctor turns the causes in the Redis persistence and memory troubleshooting guide into named
checks. Each poll evaluates every check whose inputs exist and reports it:

- on \`/metrics\` as \`redis_doctor_finding{check="<id>",severity="<severity>"}\`: 1 failing, 0 passing
  (a check whose inputs are missing has no series — not a 0);
- on \`/doctor\` (HTML for people, no external assets; it reloads each poll but at most every 5 s,
  \`/doctor?refresh=0\` turns that off and \`?refresh=N\` sets it) and \`/doctor.json\`;
- from \`redis-vitals check\` (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN — the Nagios plugin
  convention; \`--format json\` for tools) and \`redis-vitals doctor\` (the same, with remedies).

\`check\` and \`doctor\` poll twice, \`--check.window\` (1 s) apart, so checks about what grew since
the last poll can be judged. Redis unreachable is CRITICAL, as in the guide's health-check script.
Check ids are stable: alerts, dashboards and this page use them.

This page is generated from \`src/doctor/rules/\` (\`npm run docs:doctor\`); a test fails when it is stale.

## Thresholds

Override any of these with \`--doctor.thresholds name=value,…\` (env \`REDIS_VITALS_DOCTOR_THRESHOLDS\`):

| threshold | default |
|---|---|
${Object.entries(DEFAULT_THRESHOLDS).map(([k, v]) => `| \`${k}\` | ${v} |`).join('\n')}

## Checks

| id | severity | fires when |
|---|---|---|
${RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.when} |`).join('\n')}
`;
  const sections = RULES.map((r) => `### ${r.id}

**${r.title}** — ${r.severity}. Fires when ${r.when}.

Remedy:

${r.remedy.map((step, i) => `${i + 1}. ${step}`).join('\n')}
`);
  return `${intro}\n${sections.join('\n')}`;
}
