/**
 * Small helpers over bpmn-moddle elements for the rules (bpmnlint and moddle ship no types
 * the rules can use).
 *
 * @module
 */

/** A moddle element as the rules read it. */
export interface Element {
  $type: string;
  id?: string;
  $parent?: Element;
  $attrs?: Record<string, string>;
  $instanceOf?(type: string): boolean;
  /** The moddle instance that created the element (it knows the registered packages). */
  $model?: { getPackage(uriOrPrefix: string): unknown };
  [key: string]: unknown;
}

/** A bpmnlint reporter. */
export interface Reporter {
  report(id: string | undefined, message: string, context?: { path?: string[] }): void;
}

/** A bpmnlint rule (what a rule factory returns). */
export interface LintRule {
  meta?: { documentation?: { url?: string } };
  check(node: Element, reporter: Reporter): void | boolean;
}

/** A bpmnlint rule factory: bpmnlint calls it with the rule's config from `.bpmnlintrc`. */
export type RuleFactory = (config?: Record<string, unknown>) => LintRule;

/** Whether `node` is of (or derives from) `type`, e.g. `bpmn:Task`. */
export function is(node: unknown, type: string): boolean {
  const el = node as Element | undefined;
  return !!el && typeof el === 'object' && (typeof el.$instanceOf === 'function' ? el.$instanceOf(type) : el.$type === type);
}

/** The extension elements of `node` (camunda:…, zeebe:…). */
export function extensionValues(node: Element): Element[] {
  const ext = node.extensionElements as { values?: Element[] } | undefined;
  return ext?.values ?? [];
}

/** The documentation page of a rule. */
export function ruleDocs(rule: string): { documentation: { url: string } } {
  return { documentation: { url: `https://github.com/handoff-bpmn/handoff/blob/main/docs/rules/${rule}.md` } };
}
