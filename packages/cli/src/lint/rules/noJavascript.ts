/**
 * `handoff/no-javascript`: no code in the BPMN file — no JavaScript (or other script
 * language) script tasks, no `camunda:script`, no Java listeners or delegates.
 *
 * Why: Handoff evaluates FEEL only, never `eval`s anything, and keeps host code in the host
 * (service-task handlers by job type). A script in the diagram would be refused at deploy;
 * worse, it hides behaviour from the analyst who reads the diagram. Write the logic as a
 * FEEL script task (`zeebe:script` or `scriptFormat="feel"`) or a service task whose handler
 * the host registers.
 *
 * @module
 */
import { extensionValues, is, owner, ruleDocs, type Element, type LintRule } from '../moddle';

const FEEL = /feel/i;

/** The rule factory. */
export default function noJavascript(): LintRule {
  return {
    meta: { ...ruleDocs('no-javascript') },
    check(node, reporter) {
      if (is(node, 'bpmn:ScriptTask')) {
        const zeebeScript = extensionValues(node).some((v) => is(v, 'zeebe:Script'));
        const format = String(node.scriptFormat ?? '').trim();
        if (!zeebeScript && !FEEL.test(format)) reporter.report(node.id, `Script task in ${format ? `'${format}'` : 'an unnamed language'}: Handoff runs no JavaScript or other script code (write FEEL, or a service task with a host handler)`);
        return;
      }
      if (is(node, 'bpmn:FormalExpression')) {
        const lang = String(node.language ?? '').trim();
        if (lang && !FEEL.test(lang)) reporter.report(owner(node).id, `Expression in language '${lang}': Handoff evaluates FEEL only, never JavaScript`);
        return;
      }
      if (is(node, 'camunda:Script')) {
        reporter.report(owner(node).id, `camunda:script${node.scriptFormat ? ` (${String(node.scriptFormat)})` : ''}: Handoff runs no script code (use FEEL or a host handler)`);
        return;
      }
      if (is(node, 'camunda:ExecutionListener') || is(node, 'camunda:TaskListener')) {
        const code = ['class', 'delegateExpression', 'expression'].find((k) => typeof node[k] === 'string' && node[k]);
        if (code) reporter.report(owner(node).id, `${node.$type} with camunda:${code}: Handoff runs no Java or JUEL listeners (subscribe to the engine's typed events in the host)`);
        return;
      }
      if (is(node, 'bpmn:Task') || is(node, 'bpmn:Event')) {
        for (const k of ['class', 'delegateExpression', 'expression'] as const) {
          const v = node[k];
          if (typeof v === 'string' && v.trim()) reporter.report(node.id, `camunda:${k}="${v}": Handoff runs no Java delegates or JUEL (use a service task type with a host handler)`);
        }
      }
    },
  };
}
