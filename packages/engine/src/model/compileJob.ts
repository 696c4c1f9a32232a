/**
 * Service / send task jobs: handler type, retries, headers.
 *
 * @module
 */
import { ext } from './extensions';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { JobDef } from './types';

/** Service / send task job: handler key, retries, headers. Java delegates refused. */
export function compileJob(el: ModdleElement, values: ModdleElement[], problems: ProblemList): JobDef {
  for (const attr of ['class', 'delegateExpression', 'expression'] as const) {
    if (el[attr]) {
      problems.add(
        'UNSUPPORTED_FEATURE',
        el,
        `camunda:${attr}="${String(el[attr])}" names Java or JUEL code, which cannot run here.`,
        'use camunda:type="external" with camunda:topic, or zeebe:taskDefinition type, and register a handler for it.',
      );
    }
  }
  const td = ext(values, 'zeebe:TaskDefinition');
  let type = (td?.type as string | undefined) ?? (el.topic as string | undefined);
  if (!type && el.type && el.type !== 'external') type = String(el.type);
  if (type && (type.trim().startsWith('=') || /[$#]\{/.test(type))) {
    problems.add('UNSUPPORTED_FEATURE', el, `The job type '${type}' is an expression; job types must be static.`, 'use a fixed job type and pass the varying part as a variable or header.');
  }
  let retries = 3;
  if (td?.retries !== undefined) {
    const n = Number(td.retries);
    if (!Number.isInteger(n) || n < 1) {
      problems.add('INVALID_ATTRIBUTE', el, `retries="${String(td.retries)}" is not a positive integer.`, 'set retries to 1 or more (3 is the default).');
    } else retries = n;
  }
  const headers: Record<string, string> = {};
  const th = ext(values, 'zeebe:TaskHeaders');
  for (const h of (th?.values as ModdleElement[] | undefined) ?? []) if (h.key) headers[String(h.key)] = String(h.value ?? '');
  return { type: type?.trim() || el.id!, retries, headers };
}
