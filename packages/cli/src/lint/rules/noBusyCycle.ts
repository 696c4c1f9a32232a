/**
 * `handoff/no-busy-cycle`: every cycle of the flow has a wait state or a conditional exit.
 *
 * Why: a loop of pass-through elements — task → manual task → task, a parallel gateway fed
 * back into itself, an error boundary leading back into the subprocess that threw — gives a
 * token nothing to wait for and no condition to leave by: it loops until the engine's step
 * budget stops it with an incident, on every instance that reaches it. Such a loop is
 * nearly always a flow drawn to the wrong element. The rule runs the engine's own analysis
 * (`busyCycles`, the same as the deploy's `CYCLE_WITHOUT_WAIT_STATE` warning), so both agree.
 *
 * @module
 */
import { busyCycleMessage, busyCycles, type CycleGraphFlow, type CycleGraphNode } from '@handoff/engine';
import { is, ruleDocs, type Element, type LintRule } from '../moddle';

/** `bpmn:TimerEventDefinition` → `timer`. */
function triggerOf(el: Element): string | undefined {
  const defs = (el.eventDefinitions as Element[] | undefined) ?? [];
  const t = defs[0]?.$type;
  return t ? t.replace(/^bpmn:/, '').replace(/EventDefinition$/, '').toLowerCase() : undefined;
}

/** The process's flow graph, subprocesses included, as the engine's analysis reads it. */
export function flowGraph(process: Element): { nodes: CycleGraphNode[]; flows: CycleGraphFlow[] } {
  const nodes: CycleGraphNode[] = [];
  const index = new Map<string, number>();
  const flowEls: Element[] = [];
  const attach: [number, string][] = [];
  const todo: [Element, number][] = [[process, -1]];
  while (todo.length) {
    const [container, parent] = todo.pop()!;
    for (const el of (container.flowElements as Element[] | undefined) ?? []) {
      if (is(el, 'bpmn:SequenceFlow')) {
        flowEls.push(el);
        continue;
      }
      if (!el.id) continue;
      const i = nodes.length;
      const trigger = triggerOf(el);
      nodes.push({ id: el.id, type: el.$type, parent, ...(trigger ? { trigger } : {}) });
      index.set(el.id, i);
      const host = (el.attachedToRef as Element | undefined)?.id;
      if (host) attach.push([i, host]);
      if (is(el, 'bpmn:SubProcess')) todo.push([el, i]);
    }
  }
  for (const [i, host] of attach) {
    const h = index.get(host);
    if (h !== undefined) nodes[i]!.attachedTo = h;
  }
  const flows: CycleGraphFlow[] = [];
  for (const f of flowEls) {
    const s = index.get((f.sourceRef as Element | undefined)?.id ?? '');
    const t = index.get((f.targetRef as Element | undefined)?.id ?? '');
    if (s !== undefined && t !== undefined) flows.push({ source: s, target: t, conditional: f.conditionExpression !== undefined });
  }
  return { nodes, flows };
}

/** The rule factory. */
export default function noBusyCycle(): LintRule {
  return {
    meta: { ...ruleDocs('no-busy-cycle') },
    check(node, reporter) {
      if (!is(node, 'bpmn:Process')) return;
      const { nodes, flows } = flowGraph(node);
      for (const ids of busyCycles(nodes, flows)) {
        const { message, hint } = busyCycleMessage(ids);
        reporter.report(ids[0], `${message.replace(/\.$/, '')}; ${hint.replace(/\.$/, '')}`);
      }
    },
  };
}
