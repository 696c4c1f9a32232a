/**
 * The engine's deploy checks on a moddle tree, run once per tree and options even when
 * several rules read them (`handoff/deployable` the problems, `handoff/no-busy-cycle` the
 * warnings).
 *
 * @module
 */
import { checkDefinitions, type CheckDefinitionsOptions, type DefinitionsCheck } from '@handoff/engine';
import type { Element } from './moddle';

const cache = new WeakMap<object, Map<string, DefinitionsCheck>>();

/** `checkDefinitions(definitions, options)`, memoized on the tree and the options. */
export function checkTree(definitions: Element, options: Pick<CheckDefinitionsOptions, 'calendars' | 'roles'> = {}): DefinitionsCheck {
  const key = JSON.stringify([[...(options.calendars ?? [])].sort(), options.roles ?? {}]);
  let byKey = cache.get(definitions);
  if (!byKey) cache.set(definitions, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = checkDefinitions(definitions as Parameters<typeof checkDefinitions>[0], options)));
  return result;
}
