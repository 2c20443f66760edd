import { stringify } from 'yaml';
import { RULES_FILE, type RuleFile } from './rules.js';

export const PROMETHEUSRULE_FILE = 'deploy/kubernetes/prometheusrule.yaml';

/**
 * The Prometheus Operator's PrometheusRule for the same groups as alerts/redis-vitals.rules.yml.
 * The labels match kube-prometheus's default ruleSelector (prometheus: k8s, role: alert-rules);
 * other stacks select on their own labels (kube-prometheus-stack: release=<its release name>).
 */
export function prometheusRuleManifest(rules: RuleFile): string {
  const manifest = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'redis-vitals',
      labels: {
        'app.kubernetes.io/name': 'redis-vitals',
        'app.kubernetes.io/component': 'alert-rules',
        prometheus: 'k8s',
        role: 'alert-rules',
      },
    },
    spec: { groups: rules.groups },
  };
  const header = `# Generated from ${RULES_FILE} by \`npm run gen:prometheusrule\`: edit that file, not this one.\n`;
  return header + stringify(manifest, { lineWidth: 0, blockQuote: 'literal' });
}
