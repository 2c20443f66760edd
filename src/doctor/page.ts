import { VERSION } from '../version.js';
import { SEVERITY_ORDER } from './index.js';
import { humanEvidence } from './read.js';
import type { TargetReport } from './report.js';
import type { Finding } from './types.js';

/** /doctor: one self-contained HTML page (no external assets, works air-gapped), refreshed each poll. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `inline code` in remedy text becomes <code>; everything else is escaped. */
function richText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:.8rem 1.5rem}header h1{font-size:1.2rem;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
section.target{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;margin:1rem 0;padding:1rem 1.25rem}
.status{font-weight:700;padding:.1rem .5rem;border-radius:4px;color:#fff}
.OK{background:#2e7d32}.WARNING{background:#b26a00}.CRITICAL{background:#c62828}.UNKNOWN{background:#555}
article.finding{border-left:5px solid #999;padding:.25rem .9rem;margin:.8rem 0}
article.critical{border-color:#c62828}article.warning{border-color:#b26a00}article.info{border-color:#1565c0}
h3{margin:.2rem 0;font-size:1rem}.sev{text-transform:uppercase;font-size:.75rem;letter-spacing:.05em;color:#555}
dl{display:grid;grid-template-columns:max-content auto;gap:0 1rem;font-size:.85rem;margin:.4rem 0}dt{color:#555}dd{margin:0;font-family:monospace}
code{background:#eef0f3;padding:0 .25rem;border-radius:3px}ol{margin:.3rem 0;padding-left:1.3rem}
details{margin-top:.8rem;color:#555}footer{color:#777;font-size:.8rem;padding:1rem 1.5rem;text-align:center}`;

/** A root cause with the findings it explains listed inside it; their remedy is its remedy. */
function findingHtml(f: Finding, consequences: readonly Finding[]): string {
  const evidence = Object.entries(humanEvidence(f.evidence))
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const caused =
    consequences.length === 0
      ? ''
      : `<p class="consequences">Consequences:</p><ul>${consequences
          .map((c) => `<li data-check="${escapeHtml(c.check)}"><span class="sev">${c.severity}</span> ${escapeHtml(c.title)} <small>(${escapeHtml(c.check)})</small>: ${escapeHtml(c.summary)}</li>`)
          .join('')}</ul>`;
  return `<article class="finding ${f.severity}" data-check="${escapeHtml(f.check)}">
<h3><span class="sev">${f.severity}</span> ${escapeHtml(f.title)} <small>(${escapeHtml(f.check)})</small></h3>
<p>${escapeHtml(f.summary)}</p>${evidence ? `<dl>${evidence}</dl>` : ''}${caused}
<ol>${f.remedy.map((r) => `<li>${richText(r)}</li>`).join('')}</ol></article>`;
}

function targetHtml(r: TargetReport): string {
  const failing = r.findings.filter((f) => f.failing);
  const roots = failing.filter((f) => !f.causedBy);
  const worst = (f: Finding) => Math.min(...[f, ...failing.filter((c) => c.causedBy === f.check)].map((x) => SEVERITY_ORDER.indexOf(x.severity)));
  const groups = SEVERITY_ORDER.map((_sev, i) =>
    roots
      .filter((f) => worst(f) === i)
      .map((f) =>
        findingHtml(
          f,
          failing.filter((c) => c.causedBy === f.check),
        ),
      )
      .join(''),
  ).join('');
  const passing = r.findings
    .filter((f) => !f.failing)
    .map((f) => escapeHtml(f.check))
    .join(', ');
  const polled = r.polledAt > 0 ? new Date(r.polledAt * 1000).toISOString() : 'not yet';
  return `<section class="target"><h2><span class="status ${r.status}">${r.status}</span> ${escapeHtml(r.target)}</h2>
<p>Last poll: ${polled}${r.up ? '' : ' — Redis unreachable'}. ${failing.length} failing, ${r.findings.length - failing.length} passing.</p>
${groups || '<p>No failing checks.</p>'}
${passing ? `<details><summary>Passing checks</summary><p>${passing}</p></details>` : ''}</section>`;
}

/** Reloads no faster than every 5 s however short the poll; 0 turns reloading off (printing, screenshots). */
export function doctorPage(reports: readonly TargetReport[], refreshSeconds: number): string {
  const refresh = refreshSeconds > 0 ? `<meta http-equiv="refresh" content="${Math.max(5, Math.round(refreshSeconds))}">\n` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
${refresh}<link rel="icon" href="data:,"><title>redis-vitals doctor</title><style>${STYLE}</style></head>
<body><header><h1>redis-vitals doctor</h1></header><main>
${reports.map(targetHtml).join('\n')}
</main><footer>redis-vitals ${escapeHtml(VERSION)} · remedies follow the Redis persistence and memory troubleshooting guide · <a href="/doctor.json">JSON</a> · <a href="/metrics">metrics</a></footer>
</body></html>`;
}
