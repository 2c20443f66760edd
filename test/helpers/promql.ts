import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/**
 * What tests need to know about a PromQL expression, read with the Prometheus project's own
 * grammar (@prometheus-io/lezer-promql) rather than regexes: syntax errors, and every series
 * selector with its matchers and, for range selectors, the range and the function around it.
 */
export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface Selector {
  /** Metric name, or undefined for a selector of labels only ({job="x"}). */
  readonly name: string | undefined;
  readonly matchers: readonly Matcher[];
  /** The selector's source text, range excluded: `name{…}`. */
  readonly text: string;
  /** The range of a range selector (`5m` in `x[5m]`). */
  readonly range?: string;
  /** The function a range selector is the argument of (`rate` in `rate(x[5m])`). */
  readonly fn?: string;
}

export interface ParsedPromQL {
  readonly errors: readonly string[];
  readonly selectors: readonly Selector[];
}

function unquote(literal: string): string {
  if (literal.startsWith('"')) return JSON.parse(literal) as string;
  // Single-quoted and backtick strings: no escapes in any expression this project writes.
  return literal.slice(1, -1);
}

function matchersOf(node: SyntaxNode, src: string): Matcher[] {
  const list = node.getChild('LabelMatchers');
  if (!list) return [];
  return list.getChildren('UnquotedLabelMatcher').map((m) => {
    const label = m.getChild('LabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    return {
      label: label ? src.slice(label.from, label.to) : '',
      op: (op ? src.slice(op.from, op.to) : '=') as Matcher['op'],
      value: value ? unquote(src.slice(value.from, value.to)) : '',
    };
  });
}

export function parsePromQL(src: string): ParsedPromQL {
  const tree = parser.parse(src);
  const errors: string[] = [];
  const selectors: Selector[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) errors.push(`syntax error at ${ref.from}: …${src.slice(Math.max(0, ref.from - 20), ref.from + 20)}…`);
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const id = node.getChild('Identifier');
      const parent = node.parent;
      let range: string | undefined;
      let fn: string | undefined;
      if (parent?.name === 'MatrixSelector') {
        const text = src.slice(parent.from, parent.to);
        range = text.slice(text.lastIndexOf('[') + 1, text.lastIndexOf(']')).trim();
        const call = parent.parent?.name === 'FunctionCallBody' ? parent.parent.parent : null;
        const ident = call?.getChild('FunctionIdentifier');
        if (ident) fn = src.slice(ident.from, ident.to);
      }
      selectors.push({
        name: id ? src.slice(id.from, id.to) : undefined,
        matchers: matchersOf(node, src),
        text: src.slice(node.from, node.to),
        ...(range !== undefined ? { range } : {}),
        ...(fn !== undefined ? { fn } : {}),
      });
    },
  });
  return { errors, selectors };
}

/** Grafana's built-in and dashboard variables, as a dashboard would send them for a time range. */
export function substituteGrafanaVariables(expr: string, vars: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return name in vars ? (vars[name] as string) : whole;
  });
}
