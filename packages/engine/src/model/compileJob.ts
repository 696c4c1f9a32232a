/**
 * Service / send task jobs (also message throw / end events): handler type, retries,
 * backoff, headers. Camunda 7 / Flowable / Activiti Java implementations become jobs
 * (decision 0022, docs/migrating-from-camunda-7.md):
 *
 * | the file says | job type |
 * |---|---|
 * | `zeebe:taskDefinition type="archive"` | `archive` |
 * | `camunda:type="external" camunda:topic="archive"` | `archive` |
 * | `camunda:class="org.acme.Archive"` | `org.acme.Archive` |
 * | `camunda:delegateExpression="${archiveDelegate}"` | `archiveDelegate` (a bean name or property path; any other expression verbatim) |
 * | `camunda:expression="${svc.run(execution)}"` | `${svc.run(execution)}`, verbatim |
 * | `camunda:expression="${a + b}"` (JUEL the translator reads) | no job: evaluated in the engine ({@link engineExpressionOf}) |
 * | `<camunda:connector><camunda:connectorId>http-connector</…>` | `connector:http-connector` |
 * | `camunda:type="mail"` (Flowable / Activiti built-in task types) | `mail` |
 * | nothing | the element id |
 *
 * The engine never runs Java or JUEL: the host registers a handler under the type.
 *
 * @module
 */
import { compileFeel, isProblem, type Expression } from './expressions';
import { hasJuel } from './juel/index';
import { compileRetryCycle } from './retryCycle';
import { ext } from './extensions';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { JobDef } from './types';

/** `${name}` / `#{a.b}`: a bean name or property path, which names the job type without the braces. */
const BEAN = /^[$#]\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}$/;

/** Service / send task job: handler key, retries, backoff, headers. */
export function compileJob(el: ModdleElement, values: ModdleElement[], problems: ProblemList): JobDef {
  const td = ext(values, 'zeebe:TaskDefinition');
  const connector = ext(values, 'camunda:Connector');
  const headers: Record<string, string> = {};
  const java = javaImplementation(el, connector, headers, problems);
  let type = (td?.type as string | undefined) ?? (el.topic as string | undefined) ?? java;
  if (!type && el.type && el.type !== 'external') type = String(el.type);
  if (type && java === undefined && (type.trim().startsWith('=') || /[$#]\{/.test(type))) {
    problems.add('UNSUPPORTED_FEATURE', el, `The job type '${type}' is an expression; job types must be static.`, 'use a fixed job type and pass the varying part as a variable or header.');
  }
  let retries = 3;
  if (td?.retries !== undefined) {
    const n = Number(td.retries);
    if (!Number.isInteger(n) || n < 1) {
      problems.add('INVALID_ATTRIBUTE', el, `retries="${String(td.retries)}" is not a positive integer.`, 'set retries to 1 or more (3 is the default).');
    } else retries = n;
  }
  const cycle = compileRetryCycle(el, values, problems);
  if (cycle) retries = cycle.retries;
  fieldHeaders(el, values, headers, problems);
  const th = ext(values, 'zeebe:TaskHeaders');
  for (const h of (th?.values as ModdleElement[] | undefined) ?? []) if (h.key) headers[String(h.key)] = String(h.value ?? '');
  const resultVariable = typeof el.resultVariable === 'string' && el.resultVariable.trim() ? el.resultVariable.trim() : undefined;
  if (resultVariable && el.$type !== 'bpmn:ScriptTask') headers.resultVariable = resultVariable;
  return {
    type: type?.trim() || el.id!,
    retries,
    headers,
    ...(cycle?.intervals.length ? { retryIntervals: cycle.intervals } : {}),
    ...(resultVariable && el.$type !== 'bpmn:ScriptTask' ? { resultVariable } : {}),
  };
}

/**
 * The job type named by `class`, `delegateExpression`, `expression` or a connector, with
 * the implementation in the headers (`class`, `delegateExpression`, `expression`,
 * `connectorId`). Two of them on one element is a problem: Camunda 7 refuses it too.
 */
function javaImplementation(el: ModdleElement, connector: ModdleElement | undefined, headers: Record<string, string>, problems: ProblemList): string | undefined {
  // On a message event, camunda's descriptor puts the attributes on the event definition.
  const def = ((el.eventDefinitions as ModdleElement[] | undefined) ?? []).find((d) => d.$type === 'bpmn:MessageEventDefinition');
  const src = (k: string): string | undefined => {
    const v = el[k] ?? def?.[k];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const found: [string, string][] = [];
  const cls = src('class');
  const delegate = src('delegateExpression');
  const expression = src('expression');
  if (cls) found.push(['class', cls]);
  if (delegate) found.push(['delegateExpression', delegate]);
  if (expression) found.push(['expression', expression]);
  if (connector) {
    const id = typeof connector.connectorId === 'string' ? connector.connectorId.trim() : '';
    if (!id) problems.add('INVALID_ATTRIBUTE', el, 'The camunda:connector has no connectorId.', 'name the connector in <camunda:connectorId>, e.g. http-connector; it becomes the job type connector:<id>.');
    else found.push(['connectorId', id]);
  }
  if (found.length > 1) {
    problems.add('INVALID_ATTRIBUTE', el, `The element names ${found.length} implementations (${found.map(([k]) => k).join(', ')}).`, 'keep one of class, delegateExpression, expression or connector.');
  }
  const [kind, text] = found[0] ?? [];
  if (!kind || !text) return undefined;
  headers[kind] = text;
  switch (kind) {
    case 'class':
      return text;
    case 'delegateExpression':
      return BEAN.exec(text)?.[1] ?? text;
    case 'connectorId':
      return `connector:${text}`;
    default:
      // `camunda:expression` the JUEL translator cannot read (a bean or method call): the text
      // verbatim. One it can read never gets here: the element is an expression task
      // evaluated by the engine (engineExpressionOf, decision 0032).
      return text;
  }
}

/** Attribute `k` of `el` as trimmed text, or undefined when absent or blank. */
function textAttr(el: ModdleElement, k: string): string | undefined {
  const v = el[k];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/**
 * A Camunda 7 / Flowable / Activiti `expression` on a service, send or business rule task that
 * the JUEL translator reads (`${a + b}`, `${order.total * 1.2}`, `total-${id}`: no bean or
 * method call): the engine evaluates it as FEEL, like a FEEL script task, and writes the value
 * into `camunda:resultVariable` — or, as Camunda 7 does, discards it when there is none. No
 * job. Undefined (the element stays a job named by the text, {@link compileJob}) when the
 * element names another implementation too, injects fields (which only a delegate reads), or
 * the expression is not translatable, or it is a bare name or property path (`${archiver}`,
 * `${svc.archive}`) without a result variable — a bean's getter, the only reading in which
 * it does anything. Decision 0032.
 */
export function engineExpressionOf(el: ModdleElement, values: readonly ModdleElement[]): { expression: Expression; resultVariable?: string } | undefined {
  const text = textAttr(el, 'expression');
  if (!text || !hasJuel(text)) return undefined;
  if (textAttr(el, 'class') || textAttr(el, 'delegateExpression') || textAttr(el, 'topic') || textAttr(el, 'type')) return undefined;
  if (values.some((v) => v.$type === 'camunda:Connector' || v.$type === 'camunda:Field' || v.$type === 'zeebe:TaskDefinition')) return undefined;
  const resultVariable = textAttr(el, 'resultVariable');
  // `${archiver}` / `${svc.archive}` with nowhere to put the value: in Camunda 7 only a bean's
  // getter would make that do anything, so it stays a job named by the text.
  const bean = BEAN.exec(text)?.[1];
  if (!resultVariable && bean !== undefined && !['true', 'false', 'null'].includes(bean)) return undefined;
  const expression = compileFeel(text);
  if (isProblem(expression)) return undefined; // a bean or method call (or JUEL we cannot read): a job, as before
  return { expression, ...(resultVariable ? { resultVariable } : {}) };
}

/**
 * `camunda:field` (field injection) → job headers: `<camunda:field name="url" stringValue="…"/>`,
 * `<camunda:string>…</…>`, or an expression (`expression="${x}"`, `<camunda:expression>`) as its text.
 */
function fieldHeaders(el: ModdleElement, values: ModdleElement[], headers: Record<string, string>, problems: ProblemList): void {
  for (const f of values.filter((v) => v.$type === 'camunda:Field')) {
    const name = typeof f.name === 'string' ? f.name.trim() : '';
    const value = [f.stringValue, f.string, f.expression].find((v): v is string => typeof v === 'string');
    if (!name) {
      problems.add('INVALID_ATTRIBUTE', el, 'A camunda:field has no name.', 'give every field a name; it becomes the job header of that name.');
      continue;
    }
    if (value === undefined) {
      problems.add('INVALID_ATTRIBUTE', el, `camunda:field '${name}' has no value.`, 'set stringValue, a <camunda:string> or an expression.');
      continue;
    }
    if (name in headers) {
      problems.add('INVALID_ATTRIBUTE', el, `camunda:field '${name}' clashes with a header of the same name.`, `rename the field; headers ${Object.keys(headers).join(', ')} are taken.`);
      continue;
    }
    headers[name] = value.trim();
  }
}
