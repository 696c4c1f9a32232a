/**
 * Parsing BPMN XML with bpmn-moddle plus the Camunda 7 (`camunda:`) and Camunda 8
 * (`zeebe:`) descriptors, after refusing unsafe or oversized input. Flowable and Activiti
 * extension namespaces are read with Camunda 7's descriptor (model/dialect.ts).
 *
 * @module
 */
import { BpmnModdle } from 'bpmn-moddle';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import handoffDescriptor from './handoff.json' with { type: 'json' };
import { aliasCamunda7Namespaces, aliasedName } from './dialect';
import type { DeployProblem } from '../errors';

/** Default maximum XML size accepted by deploy: 10 MB. */
export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;

/**
 * zeebe-bpmn-moddle's `TemplateSupported` and `TemplatedRootElement` extend
 * `bpmn:Process` (and others) with the same `modelerTemplate` attributes camunda's
 * descriptor adds; registered together, moddle drops the whole `<bpmn:process>`.
 * We register a copy of zeebe's descriptor without those two types (they only carry
 * modeler-template metadata the engine does not use). See ECOSYSTEM.md.
 */
const zeebe = {
  ...(zeebeDescriptor as { types: { name: string }[] }),
  types: (zeebeDescriptor as { types: { name: string }[] }).types.filter(
    (t) => t.name !== 'TemplateSupported' && t.name !== 'TemplatedRootElement',
  ),
};

/**
 * The attributes of the two zeebe types left out above. Camunda 8 files carry them on
 * processes and templated elements (connectors); moddle keeps them in `$attrs` and warns
 * "unknown attribute". They are modeler metadata, so those warnings are not problems.
 */
const ZEEBE_TEMPLATE_ATTRS = new Set(['zeebe:modelerTemplate', 'zeebe:modelerTemplateVersion', 'zeebe:modelerTemplateIcon']);

/**
 * Camunda 7 attributes camunda-bpmn-moddle 8 does not declare; moddle keeps them in `$attrs`
 * and warns. The compiler reads them there (`camunda:decisionRefVersionTag`: Camunda 7.13+).
 */
const UNDECLARED_CAMUNDA_ATTRS = new Set(['camunda:decisionRefVersionTag']);
/**
 * Flowable / Activiti attributes Camunda 7's descriptor lacks but the engine reads (model/listeners.ts):
 * a listener script's `language` and `resultVariable`, and a listener's `type` (it names the
 * implementation the listener has anyway). Element type → attribute names.
 */
const READ_FLOWABLE_ATTRS: Readonly<Record<string, ReadonlySet<string>>> = {
  'camunda:Script': new Set(['language', 'resultVariable']),
  'camunda:ExecutionListener': new Set(['type']),
  'camunda:TaskListener': new Set(['type']),
};

/** A moddle element, loosely typed: the compiler reads it defensively. */
export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  [key: string]: unknown;
}

/** The outcome of parsing: the definitions element, or problems. */
export interface ParseResult {
  definitions?: ModdleElement;
  problems: DeployProblem[];
  /**
   * Things that deploy but are not run: Flowable / Activiti extension names Camunda 7's
   * descriptor does not know and `camunda:` attributes on elements that do not have them
   * (`UNREAD_EXTENSION`, decisions 0022, 0031), diagram references to missing elements
   * (`DI_REFERENCE`). They join every process's deploy warnings; `strict` deploys refuse them.
   */
  warnings?: DeployProblem[];
  /** 1-based line of the element with the given id, when found in the text. */
  lineOf(id: string | undefined): number | undefined;
}

/** Refuse DOCTYPE / entity declarations (XXE, billion laughs) and oversize input before parsing. */
export function guardXml(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES): DeployProblem[] {
  const problems: DeployProblem[] = [];
  const bytes = xml.length * 3 <= maxBytes ? xml.length : new TextEncoder().encode(xml).length;
  if (bytes > maxBytes) {
    problems.push({
      code: 'XML_TOO_LARGE',
      message: `The XML is ${bytes} bytes; the limit is ${maxBytes}.`,
      hint: 'split the process into smaller files, or raise `maxXmlBytes` in createEngine() if the file is trusted.',
    });
    return problems;
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    problems.push({
      code: 'XML_DOCTYPE',
      message: 'The XML declares a DOCTYPE or entities; they are refused (XXE and entity-expansion attacks).',
      hint: 'remove the <!DOCTYPE …> declaration; BPMN files from modelers never need one.',
    });
  }
  return problems;
}

/** Parse BPMN XML. Every moddle warning becomes a problem: a lenient parse must not lose data silently. */
export async function parseBpmn(xml: string, maxBytes?: number): Promise<ParseResult> {
  const lineOf = makeLineIndex(xml);
  const problems = guardXml(xml, maxBytes);
  if (problems.length) return { problems, lineOf };
  const moddle = new BpmnModdle({ camunda: camundaDescriptor, zeebe, handoff: handoffDescriptor });
  let aliased: { xml: string; prefixes: string[] };
  let result: { rootElement: ModdleElement; warnings: { message: string; element?: ModdleElement; property?: string; value?: unknown }[] };
  try {
    // Flowable / Activiti namespaces read as Camunda 7's (model/dialect.ts, decision 0022).
    aliased = aliasCamunda7Namespaces(xml);
    result = (await moddle.fromXML(aliased.xml, 'bpmn:Definitions')) as typeof result;
  } catch (err) {
    const line = /line: (\d+)/.exec((err as Error).message)?.[1];
    problems.push({
      code: 'XML_MALFORMED',
      message: `The XML cannot be parsed: ${summary((err as Error).message)}.`,
      hint: 'open the file in a BPMN modeler (bpmn.io, Camunda Modeler) and save it again, or fix the XML by hand.',
      ...(line ? { line: Number(line) + 1 } : {}),
    });
    return { problems, lineOf };
  }
  const warnings: DeployProblem[] = [];
  for (const w of result.warnings) {
    if (w.message.startsWith('unknown attribute') && (ZEEBE_TEMPLATE_ATTRS.has(String(w.property)) || UNDECLARED_CAMUNDA_ATTRS.has(String(w.property)))) continue;
    if (w.message.startsWith('unknown attribute') && READ_FLOWABLE_ATTRS[String(w.element?.$type)]?.has(String(w.property))) continue;
    const el = w.element;
    const line = /line: (\d+)/.exec(w.message)?.[1];
    const id = el?.id;
    const type = /unknown type <([^>]+)>/.exec(w.message)?.[1];
    const unknown = w.message.startsWith('unknown attribute') || type !== undefined;
    const name = unknown ? aliasedName(xml, aliased.prefixes, { ...(w.property ? { property: String(w.property) } : {}), ...(type ? { type } : {}), ...(el?.$type ? { elementType: el.$type } : {}) }) : undefined;
    const notRun = name ? undefined : notSemantics(w, el);
    if (notRun) {
      warnings.push({ ...notRun, ...(id ? { elementId: id, elementType: el?.$type } : {}), ...(line ? { line: Number(line) + 1 } : id && lineOf(id) ? { line: lineOf(id) } : {}) });
      continue;
    }
    if (name) {
      warnings.push({
        code: 'UNREAD_EXTENSION',
        message: `${name} is a Flowable / Activiti extension that Camunda 7 does not have; the engine does not read it, and runs the element without it.`,
        hint: 'remove it, or model what it does with BPMN the engine runs (docs/migrating-from-camunda-7.md); deploy with { strict: true } to refuse such files.',
        ...(id ? { elementId: id, elementType: el?.$type } : {}),
        ...(line ? { line: Number(line) + 1 } : id && lineOf(id) ? { line: lineOf(id) } : {}),
      });
      continue;
    }
    problems.push({
      code: w.message.startsWith('unresolved reference') ? 'BROKEN_REFERENCE' : 'PARSER_WARNING',
      message: `The BPMN parser reported: ${summary(w.message)}${w.property ? ` (property ${w.property})` : ''}.`,
      hint: w.message.startsWith('unresolved reference')
        ? 'point the reference at an element that exists in this file.'
        : 'remove or correct the unknown content; the engine does not run what it cannot read.',
      ...(id ? { elementId: id, elementType: el?.$type } : {}),
      ...(line ? { line: Number(line) + 1 } : id && lineOf(id) ? { line: lineOf(id) } : {}),
    });
  }
  return { definitions: result.rootElement, problems, lineOf, ...(warnings.length ? { warnings } : {}) };
}

/**
 * Parser warnings about things no engine runs, which deploy with a warning (decision 0031):
 *
 * - `DI_REFERENCE`: the diagram (`bpmndi:*`) points at an element that is not in the file. DI
 *   only draws the process; Flowable logs such references and deploys, Camunda 7 ignores an
 *   unresolved plane and the edges' `sourceElement` / `targetElement` (it refuses only a shape
 *   or edge whose `bpmnElement` names nothing), Camunda 8 does not read DI.
 * - `PARTICIPANT_REFERENCE`: a pool's `processRef` names a process the file does not have (a
 *   process renamed after the pool was drawn). A participant runs nothing; Camunda 7 only maps
 *   pools to processes to draw and name them.
 * - `UNREAD_EXTENSION`: a `camunda:` attribute on an element where Camunda's descriptor does
 *   not define it (`camunda:historyTimeToLive` on a subprocess, `camunda:assignee` on a service
 *   task, a misspelt `camunda:variableEvent`). Camunda 7 reads its attributes by name on the
 *   elements that use them, and its schema allows foreign attributes anywhere, so it runs the
 *   element without it — as Handoff does.
 */
function notSemantics(w: { message: string; property?: string }, el: ModdleElement | undefined): Omit<DeployProblem, 'elementId' | 'elementType' | 'line'> | undefined {
  const property = String(w.property ?? '');
  if (w.message.startsWith('unresolved reference') && property.startsWith('bpmndi:')) {
    const target = /unresolved reference <([^>]*)>/.exec(w.message)?.[1] ?? '';
    return {
      code: 'DI_REFERENCE',
      message: `The diagram's ${property} points at '${target}', which is not in this file: the diagram is drawn without it; the process runs as its elements say.`,
      hint: 'open the file in a BPMN modeler and save it again (it redraws the diagram), or remove the stale diagram element; deploy with { strict: true } to refuse such files.',
    };
  }
  if (w.message.startsWith('unresolved reference') && property === 'bpmn:processRef' && el?.$type === 'bpmn:Participant') {
    const target = /unresolved reference <([^>]*)>/.exec(w.message)?.[1] ?? '';
    return {
      code: 'PARTICIPANT_REFERENCE',
      message: `The pool (participant) names process '${target}', which is not in this file: it is drawn as an empty pool; the file's processes run as they are.`,
      hint: `point the participant's processRef at the process it draws (usually after renaming the process), or remove the pool; deploy with { strict: true } to refuse such files.`,
    };
  }
  if (w.message.startsWith('unknown attribute') && property.startsWith('camunda:')) {
    const on = el?.$type ? ` on <${el.$type}>` : '';
    return {
      code: 'UNREAD_EXTENSION',
      message: `${property}${on} is not an attribute Camunda 7 reads there; the engine does not read it either, and runs the element without it.`,
      hint: `move it to an element that has it (docs/migrating-from-camunda-7.md), correct its spelling, or remove it; deploy with { strict: true } to refuse such files.`,
    };
  }
  return undefined;
}

/** moddle's first line plus its nested error, which names the cause (`duplicate ID <x>`, `closing tag mismatch`). */
function summary(s: string): string {
  const nested = /nested error: ([^\n]+)/.exec(s)?.[1]?.trim();
  return nested ? `${firstLine(s)} (${nested})` : firstLine(s);
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}

/** Map element ids to 1-based line numbers by scanning for `id="…"` once. */
export function makeLineIndex(xml: string): (id: string | undefined) => number | undefined {
  let index: Map<string, number> | undefined;
  return (id) => {
    if (!id) return undefined;
    if (!index) {
      index = new Map();
      const re = /\sid="([^"]+)"/g;
      let line = 1;
      let last = 0;
      for (let m = re.exec(xml); m; m = re.exec(xml)) {
        for (let i = last; i < m.index; i++) if (xml.charCodeAt(i) === 10) line++;
        last = m.index;
        if (!index.has(m[1]!)) index.set(m[1]!, line);
      }
    }
    return index.get(id);
  };
}
