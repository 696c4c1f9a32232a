/**
 * `handoff/feel-syntax`: every expression the engine evaluates is FEEL that parses.
 *
 * Why: Handoff parses FEEL once, at deploy, and refuses the file on a syntax error — so a
 * typo in a gateway condition stops the whole deploy. This rule finds it while the analyst
 * still has the modeler open: sequence-flow conditions, multi-instance and conditional-event
 * expressions, FEEL bodies (`language="feel"`), and Camunda 8 (`zeebe:`) attributes written
 * as `=…` (scripts, input/output mappings, assignments, called elements, correlation keys).
 * JUEL (`${…}`) is reported too: the engine evaluates FEEL only. Timer values are checked by
 * `handoff/timer-valid`.
 *
 * @module
 */
import { feelProblem } from '../feel';
import { is, owner, ruleDocs, type Element, type LintRule } from '../moddle';

/** String attributes of a zeebe extension element (and its nested parts) that hold FEEL (`=…`). */
function zeebeExpressions(el: Element, out: { text: string; where: string }[] = []): { text: string; where: string }[] {
  for (const [key, value] of Object.entries(el)) {
    if (key.startsWith('$')) continue;
    const children = Array.isArray(value) ? (value as unknown[]) : [value];
    if (typeof value === 'string') {
      if (/^\s*(=|[$#]\{)/.test(value)) out.push({ text: value, where: `${el.$type} ${key}` });
      continue;
    }
    for (const child of children) if (child && typeof child === 'object' && (child as Element).$type) zeebeExpressions(child as Element, out);
  }
  return out;
}

/** The rule factory. */
export default function feelSyntax(): LintRule {
  return {
    meta: { ...ruleDocs('feel-syntax') },
    check(node, reporter) {
      if (is(node, 'bpmn:FormalExpression') || node.$type === 'bpmn:Expression') {
        const parent = node.$parent;
        if (is(parent, 'bpmn:TimerEventDefinition')) return; // handoff/timer-valid
        const body = String(node.body ?? '').trim();
        const lang = String(node.language ?? '').toLowerCase();
        if (lang && !lang.includes('feel')) return; // handoff/no-javascript reports script languages
        // Only expressions the engine evaluates: conditions, multi-instance, conditional events.
        if (!body && !lang) return;
        const problem = feelProblem(body, lang.includes('feel'));
        if (problem) reporter.report(owner(node).id, `Expression: ${problem}`);
        return;
      }
      if (node.$type.startsWith('zeebe:') && !(node.$parent?.$type ?? '').startsWith('zeebe:')) {
        for (const { text, where } of zeebeExpressions(node)) {
          const problem = feelProblem(text);
          if (problem) reporter.report(owner(node).id, `${where}: ${problem}`);
        }
      }
    },
  };
}
