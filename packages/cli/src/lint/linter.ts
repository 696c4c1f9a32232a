/**
 * Lint BPMN XML with bpmnlint 11 and Handoff's rules (the `bpmnlint-plugin-handoff` package):
 * parse the way the engine does (`parseBpmn`: camunda, zeebe and handoff descriptors; its
 * problems become `parser` findings), then a fresh `Linter` per file
 * (a reused one reports false duplicate flows, see ECOSYSTEM.md).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseBpmn } from '@handoff/engine';
import { FileError } from '../errors';
import { handoffResolver, type HandoffRuleContext, type LintResolver } from './plugin';

const require = createRequire(import.meta.url);

/** A bpmnlint configuration (`.bpmnlintrc` contents). */
export interface LintConfig {
  extends?: string | string[];
  rules?: Record<string, unknown>;
}

/** One finding. `rule` is `parser` for problems of the XML itself. */
export interface LintFinding {
  rule: string;
  /** `error`, `warn`, `info`, or `rule-error` (a rule crashed). */
  category: string;
  elementId?: string;
  /** 1-based line of the element, when it can be found. */
  line?: number;
  message: string;
}

/** The default configuration: bpmnlint's recommended rules plus Handoff's. */
export const DEFAULT_CONFIG: LintConfig = { extends: ['bpmnlint:recommended', 'plugin:handoff/recommended'] };

interface BpmnLinter {
  lint(definitions: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>;
}
type LinterClass = new (options: { config: unknown; resolver: LintResolver }) => BpmnLinter;

/** Add `plugin:handoff/recommended` to a config that does not extend it yet. */
export function withHandoffRules(config: LintConfig): LintConfig {
  const ext = config.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
  return ext.includes('plugin:handoff/recommended') || ext.includes('plugin:handoff/all') ? config : { ...config, extends: [...ext, 'plugin:handoff/recommended'] };
}

/**
 * The `.bpmnlintrc` that applies to a file: the nearest one in its directory or above (up
 * to `stop`), or undefined.
 */
export function findLintConfig(file: string, stop?: string): string | undefined {
  let dir = dirname(resolve(file));
  const end = stop ? resolve(stop) : undefined;
  for (;;) {
    const candidate = join(dir, '.bpmnlintrc');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir || dir === end) return undefined;
    dir = up;
  }
}

/** Read a `.bpmnlintrc` (JSON). @throws FileError when it is not JSON. */
export function readLintConfig(path: string): LintConfig {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LintConfig;
  } catch (err) {
    throw new FileError(path, `is not a valid bpmnlint configuration (${(err as Error).message.split('\n')[0]}).`, 'write it as JSON, e.g. { "extends": ["bpmnlint:recommended", "plugin:handoff/recommended"] }.');
  }
}

/**
 * Lint BPMN XML. Clean means `[]`. `context.calendars`: the business calendars the engine
 * knows (for `handoff/deployable`'s `handoff:calendar` check).
 *
 * @example
 * ```ts
 * const findings = await lintXml(readFileSync('flow.bpmn', 'utf8'));
 * for (const f of findings) console.log(f.rule, f.elementId, f.message);
 * ```
 */
export async function lintXml(xml: string, config: LintConfig = DEFAULT_CONFIG, context: HandoffRuleContext = {}): Promise<LintFinding[]> {
  const parsed = await parseBpmn(xml);
  const findings: LintFinding[] = parsed.problems.map((p) => ({
    rule: 'parser',
    category: 'error',
    ...(p.elementId !== undefined ? { elementId: p.elementId } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
    message: p.message,
  }));
  if (!parsed.definitions) return findings;
  const { Linter } = require('bpmnlint') as { Linter: LinterClass };
  const linter = new Linter({ config, resolver: handoffResolver(context) });
  const results = await linter.lint(parsed.definitions);
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      const line = parsed.lineOf(r.id);
      findings.push({ rule, category: r.category, ...(r.id !== undefined ? { elementId: r.id } : {}), ...(line !== undefined ? { line } : {}), message: r.message });
    }
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule));
}
