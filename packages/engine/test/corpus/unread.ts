/**
 * Extensions a deployed file uses in namespaces the engine does not read (e.g. `activiti:`,
 * `flowable:`): the parser keeps them aside without a warning, so such a file deploys while
 * its `activiti:assignee` or `flowable:class` has no effect. The report counts them, so a
 * "deployed" that ignores part of the file is visible.
 */

/** Namespaces the engine reads, or that carry only layout, colour or modeler metadata. */
const READ_OR_LAYOUT = new Set([
  'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/2001/XMLSchema',
  'http://camunda.org/schema/1.0/bpmn',
  'http://camunda.org/schema/zeebe/1.0',
  'http://camunda.org/schema/modeler/1.0',
  'http://handoff.dev/schema/bpmn/1.0',
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
  'http://flowable.org/design',
  'http://flowable.org/modeler',
  'http://activiti.com/modeler',
  'http://www.signavio.com',
]);

/** `namespace-uri localName` of every element or attribute the engine does not read. */
export function unreadExtensions(xml: string): Set<string> {
  const out = new Set<string>();
  const stripped = xml.replace(/xmlns:[\w.-]+\s*=\s*["'][^"']*["']/g, '');
  for (const [, prefix, uri] of xml.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']/g)) {
    if (READ_OR_LAYOUT.has(uri!)) continue;
    const use = new RegExp(`[<\\s]${prefix!.replace(/\./g, '\\.')}:([\\w-]+)`, 'g');
    for (const [, local] of stripped.matchAll(use)) out.add(`${uri} ${prefix}:${local}`);
  }
  return out;
}
