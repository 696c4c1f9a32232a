/**
 * Lint BPMN XML with bpmnlint 11, the way the bpmnlint CLI does it, for pack tests.
 * bpmnlint is CommonJS without type declarations, so it is loaded with a scoped `require`
 * (which also lets its `NodeResolver` find `bpmnlint:recommended`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import handoff from '@handoff/engine/moddle/handoff.json' with { type: 'json' };
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

const require = createRequire(import.meta.url);

interface LintReport {
  id?: string;
  message: string;
  category: string;
}
interface BpmnLinter {
  lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
}
type LinterClass = new (options: { config: unknown; resolver: unknown }) => BpmnLinter;
type ResolverClass = new (options: { require: NodeJS.Require }) => unknown;

const { Linter } = require('bpmnlint') as { Linter: LinterClass };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as ResolverClass;

/** One problem found while parsing or linting, as `rule category element: message`. */
export type LintFinding = string;

/** Read a `.bpmnlintrc` (JSON) file. */
export function readLintConfig(path: string | URL): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Parse with bpmn-moddle plus the zeebe and handoff descriptors (camunda is left out: see
 * ECOSYSTEM.md on registering both), then lint with a fresh Linter (bpmnlint reports false
 * duplicate flows when a Linter is reused across files). Returns parser warnings and lint
 * reports of every category; clean means `[]`.
 *
 * @example
 * ```ts
 * expect(await lintBpmn(xml, readLintConfig(new URL('../.bpmnlintrc', import.meta.url)))).toEqual([]);
 * ```
 */
export async function lintBpmn(xml: string, config: unknown = { extends: 'bpmnlint:recommended' }): Promise<LintFinding[]> {
  const moddle = new BpmnModdle({ zeebe, handoff });
  const { rootElement, warnings } = (await moddle.fromXML(xml, 'bpmn:Definitions')) as {
    rootElement: unknown;
    warnings: { message: string }[];
  };
  const linter = new Linter({ config, resolver: new NodeResolver({ require }) });
  const results = await linter.lint(rootElement);
  return [
    ...warnings.map((w) => `parser warning: ${w.message.split('\n')[0]}`),
    ...Object.entries(results).flatMap(([rule, reports]) => reports.map((r) => `${rule} ${r.category} ${r.id ?? '-'}: ${r.message}`)),
  ];
}
