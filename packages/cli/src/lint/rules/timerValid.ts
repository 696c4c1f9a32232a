/**
 * `handoff/timer-valid`: every timer has exactly one value (date, duration or cycle) that
 * the engine can schedule — ISO 8601 as the engine parses it, or FEEL (`=…`) that parses.
 *
 * Why: a timer the engine cannot read is refused at deploy, and a timer with no value or
 * with two values is ambiguous to the reader (BPMN allows only one). `P1M` versus `PT1M`,
 * `R/PT10M` without a start, a date without an offset: these are the mistakes that make a
 * reminder fire a month late. The rule parses each value with the engine's own timer parser.
 *
 * @module
 */
import { parseTimerSpec } from '@handoff/engine';
import { feelProblem } from '../feel';
import { is, owner, ruleDocs, type Element, type LintRule } from '../moddle';

const KINDS = [
  ['timeDate', 'date'],
  ['timeDuration', 'duration'],
  ['timeCycle', 'cycle'],
] as const;

/** The rule factory. */
export default function timerValid(): LintRule {
  return {
    meta: { ...ruleDocs('timer-valid') },
    check(node, reporter) {
      if (!is(node, 'bpmn:TimerEventDefinition')) return;
      const id = (node.$parent as Element | undefined)?.id ?? owner(node).id; // the timer event, which a reader finds in the diagram
      const present = KINDS.filter(([prop]) => node[prop] !== undefined);
      if (present.length !== 1) {
        reporter.report(id, present.length ? `Timer has ${present.length} values (${present.map(([p]) => p).join(', ')}); give exactly one` : 'Timer has no value: give a timeDate, timeDuration or timeCycle');
        return;
      }
      const [prop, kind] = present[0]!;
      const body = String((node[prop] as Element).body ?? '').trim();
      if (!body) {
        reporter.report(id, `Timer ${prop} is empty`);
        return;
      }
      if (body.startsWith('=') || /^[$#]\{/.test(body)) {
        const problem = feelProblem(body);
        if (problem) reporter.report(id, `Timer ${prop}: ${problem}`);
        return;
      }
      try {
        const dialect = fileDialect(node);
        parseTimerSpec(kind, body, { ...(id !== undefined ? { elementId: id } : {}), ...(dialect ? { dialect } : {}) });
      } catch (err) {
        reporter.report(id, `Timer ${prop} '${body}': ${((err as Error).message.split(' — ')[0] ?? '').replace(/^Invalid timer value '[^']*': /, '')}`);
      }
    },
  };
}

/** The file's dialect for a cron cycle, as the engine reads it: the Camunda 7 or Zeebe namespace alone. */
function fileDialect(node: Element): 'camunda' | 'zeebe' | undefined {
  let root = node;
  while (root.$parent) root = root.$parent as Element;
  const ns = Object.values((root.$attrs as Record<string, string> | undefined) ?? {});
  const camunda = ns.includes('http://camunda.org/schema/1.0/bpmn');
  const zeebe = ns.includes('http://camunda.org/schema/zeebe/1.0');
  return camunda === zeebe ? undefined : camunda ? 'camunda' : 'zeebe';
}
