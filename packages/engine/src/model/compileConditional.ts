/**
 * Conditional event definitions (`bpmn:conditionalEventDefinition`): a FEEL condition, the
 * variables it reads (so it is re-evaluated only when one of them changes, as Camunda 8
 * derives them), and the variable filters of both dialects — Camunda 7's
 * `camunda:variableName` / `camunda:variableEvents` attributes and Camunda 8's
 * `<zeebe:conditionalFilter variableNames variableEvents>`. Run by
 * `elements/eventDefinitions/conditional.ts` and `runtime/conditions.ts`.
 *
 * @module
 */
import { parseExpression } from 'feelin';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { EventDef } from './types';

const EVENTS = new Set(['create', 'update', 'delete']);

/** Compile the conditional event definition `d` of event `el`. */
export function compileConditional(el: ModdleElement, d: ModdleElement, problems: ProblemList): EventDef | undefined {
  const c = d.condition as ModdleElement | undefined;
  const body = String(c?.body ?? '').trim();
  if (!body) {
    problems.add('MISSING_CONDITION', el, 'The conditional event has no condition.', "write a FEEL condition on the event, e.g. '=stock > 0'.");
    return undefined;
  }
  const lang = String(c?.language ?? '').toLowerCase();
  if (lang && !lang.includes('feel')) {
    problems.add('SCRIPT_LANGUAGE', el, `Condition language '${lang}' is not supported: Handoff evaluates FEEL only, never JavaScript.`, "rewrite the condition in FEEL, e.g. '=stock > 0'.");
    return undefined;
  }
  const condition = feel(body, el, 'condition', problems, lang.includes('feel'));
  if (!condition) return undefined;
  const filter = (((d.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? []).find((v) => v.$type === 'zeebe:ConditionalFilter');
  const variableNames = list(d.variableName ?? filter?.variableNames);
  const variableEvents = list(d.variableEvents ?? filter?.variableEvents);
  const bad = variableEvents?.filter((e) => !EVENTS.has(e)) ?? [];
  if (bad.length) {
    problems.add('INVALID_CONDITION', el, `Variable events '${bad.join(', ')}' are not create, update or delete.`, "list variable events as a comma-separated subset of 'create, update, delete'.");
    return undefined;
  }
  const reads = readsOf(condition.source);
  return {
    type: 'conditional',
    condition,
    ...(reads ? { reads } : {}),
    ...(variableNames ? { variableNames } : {}),
    ...(variableEvents ? { variableEvents: variableEvents as ('create' | 'update' | 'delete')[] } : {}),
  };
}

/** A comma-separated attribute as a list; absent or blank: undefined. */
function list(v: unknown): string[] | undefined {
  if (typeof v !== 'string') return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * The variable names a FEEL expression reads (the first segment of each path; function
 * names and iteration variables are included — a superset is safe: it only re-evaluates
 * more often). Undefined when the text cannot be analysed (then any change re-evaluates).
 */
export function readsOf(source: string): string[] | undefined {
  try {
    const tree = parseExpression(source, {}, undefined);
    const names = new Set<string>();
    tree.iterate({
      enter(n) {
        if (n.name === 'VariableName') names.add(source.slice(n.from, n.to).trim());
      },
    });
    return [...names];
  } catch {
    return undefined;
  }
}
