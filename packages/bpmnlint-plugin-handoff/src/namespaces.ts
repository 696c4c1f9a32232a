/**
 * Whether the moddle tree a rule receives was parsed with the descriptors the engine parses
 * with. bpmnlint's CLI parses with plain bpmn-moddle unless `.bpmnlintrc` names
 * `moddleExtensions`; a Camunda Modeler 7 tree knows `camunda:` but not `zeebe:`; neither
 * knows `handoff:` without the descriptor. Attributes of an unknown namespace land in
 * `$attrs` and its extension elements are untyped, so the engine's checks would read a
 * different file than deploy reads: such a namespace is reported instead of guessed at.
 *
 * @module
 */
import type { Element } from './moddle';

/** The namespaces the engine reads, by URI, with what to register for each. */
export const ENGINE_NAMESPACES: Readonly<Record<string, { prefix: string; descriptor: string }>> = {
  'http://camunda.org/schema/1.0/bpmn': { prefix: 'camunda', descriptor: 'camunda-bpmn-moddle/resources/camunda.json' },
  'http://camunda.org/schema/zeebe/1.0': { prefix: 'zeebe', descriptor: 'zeebe-bpmn-moddle/resources/zeebe.json' },
  'http://handoff.dev/schema/bpmn/1.0': { prefix: 'handoff', descriptor: '@handoff/engine/moddle/handoff.json' },
};

/** A namespace the file uses that the tree's parser did not know, and the first element using it. */
export interface UnknownNamespace {
  uri: string;
  prefix: string;
  descriptor: string;
  elementId?: string;
}

/**
 * The engine namespaces that `definitions` uses (an attribute or element with a prefix bound
 * to it) but whose descriptor the parser that built the tree did not register. Empty when the
 * tree does not say which moddle built it.
 */
export function unknownNamespaces(definitions: Element): UnknownNamespace[] {
  const model = definitions.$model;
  if (!model || typeof model.getPackage !== 'function') return [];
  const prefixes = new Map<string, string>(); // prefix in the file → uri
  for (const [key, value] of Object.entries(definitions.$attrs ?? {})) {
    if (key.startsWith('xmlns:') && ENGINE_NAMESPACES[value] && !model.getPackage(value)) prefixes.set(key.slice(6), value);
  }
  if (!prefixes.size) return [];
  const found = new Map<string, UnknownNamespace>();
  const seen = new Set<object>();
  const visit = (el: Element, owner: string | undefined): void => {
    if (seen.has(el)) return;
    seen.add(el);
    const id = typeof el.id === 'string' ? el.id : owner;
    const names = [el.$type, ...Object.keys(el.$attrs ?? {})];
    for (const name of names) {
      const uri = prefixes.get(name.split(':')[0] ?? '');
      if (uri && name.includes(':') && !found.has(uri)) found.set(uri, { uri, ...ENGINE_NAMESPACES[uri]!, ...(id ? { elementId: id } : {}) });
    }
    for (const [key, value] of Object.entries(el)) {
      if (key.startsWith('$') && key !== '$children') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Element).$type === 'string') visit(child as Element, id);
      }
    }
  };
  visit(definitions, definitions.id);
  return [...found.values()];
}
