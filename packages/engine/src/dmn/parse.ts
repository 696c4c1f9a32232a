/**
 * Parsing DMN XML with dmn-moddle (DMN 1.3), after the same guards as BPMN (size, DOCTYPE).
 * DMN 1.1 and 1.2 files (Camunda 7's modelers wrote 1.1 for years) are migrated to 1.3 first
 * with `@bpmn-io/dmn-migrate`; element ids and lines stay those of the file as given.
 *
 * @module
 */
import { migrateDiagram } from '@bpmn-io/dmn-migrate';
import { DmnModdle } from 'dmn-moddle';
import type { DeployProblem } from '../errors';
import { guardXml, makeLineIndex, type ModdleElement, type ParseResult } from '../model/parse';

/** The DMN 1.3 model namespace. */
export const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const OLDER = ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', 'http://www.omg.org/spec/DMN/20180521/MODEL/'];

/** Does this XML look like DMN rather than BPMN? (Its root is a DMN `definitions`.) */
export function isDmnXml(xml: string): boolean {
  const head = xml.slice(0, 4000);
  return head.includes(DMN13) || OLDER.some((ns) => head.includes(ns));
}

/** Parse DMN XML. Every moddle warning becomes a problem: a lenient parse must not lose data silently. */
export async function parseDmn(xml: string, maxBytes?: number): Promise<ParseResult> {
  const lineOf = makeLineIndex(xml);
  const problems = guardXml(xml, maxBytes);
  if (problems.length) return { problems, lineOf };
  if (!isDmnXml(xml)) {
    problems.push({ code: 'NOT_DMN', message: `The file is not DMN: its definitions are not in the DMN 1.3 namespace (${DMN13}), nor in DMN 1.1 / 1.2's.`, hint: 'deploy BPMN files as { bpmn } and DMN files as { dmn }; save the decision in a DMN modeler (Camunda Modeler, demo.bpmn.io/dmn).' });
    return { problems, lineOf };
  }
  let text = xml;
  if (!xml.slice(0, 4000).includes(DMN13)) {
    try {
      text = await migrateDiagram(xml);
    } catch (err) {
      problems.push({ code: 'XML_MALFORMED', message: `The DMN 1.1 / 1.2 file cannot be migrated to DMN 1.3: ${firstLine((err as Error).message)}.`, hint: 'open it in Camunda Modeler and save it again (it writes DMN 1.3).' });
      return { problems, lineOf };
    }
  }
  const moddle = new DmnModdle();
  let result: { rootElement: ModdleElement; warnings: { message: string; element?: ModdleElement; property?: string }[] };
  try {
    result = (await moddle.fromXML(text, 'dmn:Definitions')) as unknown as typeof result;
  } catch (err) {
    const line = /line: (\d+)/.exec((err as Error).message)?.[1];
    problems.push({ code: 'XML_MALFORMED', message: `The XML cannot be parsed: ${firstLine((err as Error).message)}.`, hint: 'open the file in a DMN modeler and save it again, or fix the XML by hand.', ...(line ? { line: Number(line) + 1 } : {}) });
    return { problems, lineOf };
  }
  for (const w of result.warnings) {
    // Camunda's DMN attributes (camunda:inputVariable, versionTag, historyTimeToLive) are read from $attrs.
    if (w.message.startsWith('unknown attribute <camunda:')) continue;
    const el = w.element;
    const id = el?.id;
    const line = id ? lineOf(id) : undefined;
    const p: DeployProblem = {
      code: w.message.startsWith('unresolved reference') ? 'BROKEN_REFERENCE' : 'PARSER_WARNING',
      message: `The DMN parser reported: ${firstLine(w.message)}${w.property ? ` (property ${w.property})` : ''}.`,
      hint: 'remove or correct the unknown content; the engine does not run what it cannot read.',
      ...(id ? { elementId: id, elementType: el?.$type } : {}),
      ...(line ? { line } : {}),
    };
    problems.push(p);
  }
  return { definitions: result.rootElement, problems, lineOf };
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}
