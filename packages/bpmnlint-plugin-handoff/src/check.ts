/**
 * The engine's deploy checks on a moddle tree, run once per lint pass even when several rules
 * read them (`handoff/deployable` the problems, `handoff/no-busy-cycle` the warnings).
 *
 * A modeler lints the same tree object again after every edit (bpmn-js-bpmnlint, Camunda
 * Modeler), so a result must not outlive the pass: bpmnlint applies all rules to a tree in one
 * synchronous loop, and the memo is dropped in the next microtask. A later pass over the edited
 * tree checks it afresh.
 *
 * @module
 */
import { checkDefinitions, type CheckDefinitionsOptions, type DefinitionsCheck } from '@handoff/engine';
import type { Element } from './moddle';

const cache = new WeakMap<object, Map<string, DefinitionsCheck>>();

/** `checkDefinitions(definitions, options)`, memoized on the tree and the options for the current lint pass. */
export function checkTree(definitions: Element, options: Pick<CheckDefinitionsOptions, 'calendars' | 'roles'> = {}): DefinitionsCheck {
  const key = JSON.stringify([[...(options.calendars ?? [])].sort(), options.roles ?? {}]);
  let byKey = cache.get(definitions);
  if (!byKey) {
    cache.set(definitions, (byKey = new Map()));
    queueMicrotask(() => cache.delete(definitions));
  }
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = checkDefinitions(definitions as Parameters<typeof checkDefinitions>[0], options)));
  return result;
}
