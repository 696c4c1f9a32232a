/**
 * The deploy's checks on a definitions tree that is already parsed, without deploying:
 * what `engine.deploy()` would refuse, and what it would warn about. For linters and
 * modelers that hold a bpmn-moddle tree (bpmnlint rules, a bpmn-js designer), so they
 * report exactly what deploy reports — one source of truth.
 *
 * @module
 */
import type { DeployProblem } from '../errors';
import { compileDefinitions } from '../model/compile';
import type { ModdleElement } from '../model/parse';
import { ALWAYS } from '../time/businessCalendar';
import { attachSla } from './deployments';

/** Options of {@link checkDefinitions}. */
export interface CheckDefinitionsOptions {
  /** Business calendar names the engine knows (`24/7` is always known), as `createEngine({ calendars })` would. */
  calendars?: Iterable<string>;
  /** Lane id → role name, as `engine.deploy({ roles })`. */
  roles?: Readonly<Record<string, string>>;
  /** 1-based line of an element id, when the caller has the text. */
  lineOf?: (id: string | undefined) => number | undefined;
  /**
   * SLA policies from pack config, as `engine.deploy({ sla })` receives them: merged over the
   * BPMN-declared SLAs and checked as deploy checks them (a policy naming an element the file
   * no longer has is a problem). A policy without `processId` applies to every process.
   */
  sla?: readonly unknown[];
}

/** What {@link checkDefinitions} found. */
export interface DefinitionsCheck {
  /** Problems that make `engine.deploy()` refuse the file (a `DeployError` lists the same). */
  problems: DeployProblem[];
  /** Deploy warnings (e.g. `CYCLE_WITHOUT_WAIT_STATE`): the file deploys, but is likely wrong; `deploy({ strict: true })` refuses them. */
  warnings: DeployProblem[];
}

/**
 * Run deploy's compile checks on a parsed `bpmn:Definitions` element (from `parseBpmn`, or
 * any bpmn-moddle instance that registers the `camunda` / `zeebe` / `handoff` descriptors
 * the file uses). Synchronous: no parsing, no store.
 *
 * Parser problems (`parseBpmn(xml).problems`: malformed XML, unknown attributes) are not
 * repeated here; a caller with the XML adds them.
 *
 * @example
 * ```ts
 * const parsed = await parseBpmn(xml);
 * const { problems } = checkDefinitions(parsed.definitions!, { lineOf: parsed.lineOf, calendars: ['cn-office'] });
 * for (const p of problems) console.log(p.code, p.elementId, p.message);
 * ```
 */
export function checkDefinitions(definitions: ModdleElement, options: CheckDefinitionsOptions = {}): DefinitionsCheck {
  const lineOf = options.lineOf ?? (() => undefined);
  const calendars = new Set([ALWAYS.name, ...(options.calendars ?? [])]);
  const { processes, problems } = compileDefinitions(definitions, lineOf, { ...(options.roles ? { roles: options.roles } : {}), version: () => 1 });
  const warnings: DeployProblem[] = [];
  const seen = new Set<string>();
  for (const model of processes) {
    const sla = (options.sla ?? []).filter((c) => (c as { processId?: unknown })?.processId === undefined || (c as { processId?: unknown }).processId === model.id);
    problems.push(...attachSla(model, sla, calendars).problems);
    if (seen.has(model.id)) problems.push({ code: 'DUPLICATE_PROCESS', elementId: model.id, message: `Process '${model.id}' is defined twice in this deploy.`, hint: 'give each process a unique id.' });
    seen.add(model.id);
    warnings.push(...(model.warnings ?? []));
  }
  return { problems, warnings };
}
