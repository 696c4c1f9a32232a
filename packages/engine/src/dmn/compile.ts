/**
 * Compiling a DMN file's decisions: each decision's logic (a decision table or a literal
 * expression), its required decisions (`informationRequirement/requiredDecision`, in the
 * same file), refused cycles, and each decision's evaluation order (dependencies first).
 *
 * @module
 */
import type { DeployProblem } from '../errors';
import type { ModdleElement } from '../model/parse';
import { ProblemList } from '../model/problems';
import { checkLanguage, compileTable, expressionOf } from './compileTable';
import type { DecisionModel, DecisionTable, LiteralDecision } from './types';

/** The outcome of compiling one DMN file. */
export interface CompiledDmn {
  decisions: DecisionModel[];
  problems: DeployProblem[];
}

/** Decision logic the engine does not evaluate (yet): refused, never ignored. */
const UNSUPPORTED_LOGIC: Readonly<Record<string, string>> = {
  'dmn:Context': 'a boxed context',
  'dmn:Invocation': 'a boxed invocation (of a business knowledge model)',
  'dmn:Relation': 'a relation',
  'dmn:List': 'a boxed list',
  'dmn:FunctionDefinition': 'a function definition',
};

/**
 * Compile the decisions of a parsed DMN `definitions`. `version(decisionId)` numbers each
 * decision (the registry decides: unchanged files keep their versions).
 */
export function compileDmn(definitions: ModdleElement, lineOf: (id: string | undefined) => number | undefined, version: (decisionId: string) => number): CompiledDmn {
  const problems = new ProblemList(lineOf);
  const els = ((definitions.drgElement as ModdleElement[] | undefined) ?? []).filter((d) => d.$type === 'dmn:Decision');
  if (!els.length) problems.add('DMN_NO_DECISION', definitions, 'The DMN file has no decision.', 'add a decision (a decision table or a literal expression) in a DMN modeler.');
  const byId = new Map<string, ModdleElement>();
  for (const d of els) if (d.id) byId.set(d.id, d);
  const requires = new Map<string, string[]>();
  for (const d of els) {
    if (!d.id) {
      problems.add('DMN_MISSING_ID', d, `A decision${d.name ? ` ('${String(d.name)}')` : ''} has no id.`, 'give every decision an id.');
      continue;
    }
    const req: string[] = [];
    for (const ir of (d.informationRequirement as ModdleElement[] | undefined) ?? []) {
      const href = (ir.requiredDecision as { href?: string } | undefined)?.href;
      if (href === undefined) continue; // requiredInput: input data, read from the variables
      const target = href.startsWith('#') ? href.slice(1) : undefined;
      if (target === undefined || !byId.has(target)) {
        problems.add('DMN_REQUIRED_DECISION', d, `Decision '${d.id}' requires '${href}', which is not a decision of this file.`, target === undefined ? 'put the required decision in the same file (imports from other files are not supported) and reference it as #id.' : `add decision '${target}' to this file, or remove the requirement.`);
        continue;
      }
      req.push(target);
    }
    if (((d.knowledgeRequirement as unknown[] | undefined) ?? []).length) {
      problems.add('DMN_UNSUPPORTED', d, `Decision '${d.id}' requires a business knowledge model; invocations are not supported.`, 'inline the knowledge model\'s logic into the decision (a decision table or a literal expression).');
    }
    requires.set(d.id, req);
  }
  for (const cycle of findCycles(requires)) {
    const d = byId.get(cycle[0]!)!;
    problems.add('DMN_CYCLE', d, `The required decisions form a cycle: ${[...cycle, cycle[0]].join(' → ')}.`, 'a decision cannot require itself, directly or through others; remove one of the requirements.');
  }
  const logic = new Map<string, DecisionTable | LiteralDecision>();
  for (const d of els) {
    if (!d.id) continue;
    const l = compileLogic(d, problems);
    if (l) logic.set(d.id, l);
  }
  if (problems.items.length) return { decisions: [], problems: problems.items };
  const built = new Map<string, DecisionModel>();
  const build = (id: string): DecisionModel => {
    const done = built.get(id);
    if (done) return done;
    const d = byId.get(id)!;
    const reqs = (requires.get(id) ?? []).map(build);
    const order: DecisionModel[] = [];
    const seen = new Set<string>();
    for (const r of reqs) for (const x of r.order) if (!seen.has(x.id)) (seen.add(x.id), order.push(x));
    const v = version(id);
    const variableName = (d.variable as ModdleElement | undefined)?.name;
    const tag = d.$attrs?.['camunda:versionTag']?.trim();
    const m: DecisionModel = {
      id,
      ...(d.name ? { name: String(d.name) } : {}),
      version: v,
      key: `${id}:${v}`,
      ...(tag ? { versionTag: tag } : {}),
      variable: typeof variableName === 'string' && variableName.trim() ? variableName.trim() : d.name ? String(d.name) : id,
      logic: logic.get(id)!,
      requires: reqs,
      order: [],
      definitionsId: definitions.id ?? '',
    };
    order.push(m);
    (m as { order: readonly DecisionModel[] }).order = order;
    built.set(id, Object.freeze(m));
    return m;
  };
  return { decisions: els.map((d) => build(d.id!)), problems: [] };
}

function compileLogic(d: ModdleElement, problems: ProblemList): DecisionTable | LiteralDecision | undefined {
  const logic = d.decisionLogic as ModdleElement | undefined;
  const id = d.id!;
  if (!logic) {
    problems.add('DMN_NO_LOGIC', d, `Decision '${id}' has no logic.`, 'give it a decision table or a literal expression.');
    return undefined;
  }
  if (logic.$type === 'dmn:DecisionTable') return compileTable(id, logic, problems);
  if (logic.$type === 'dmn:LiteralExpression') {
    if (!checkLanguage(logic, d, problems)) return undefined;
    const text = typeof logic.text === 'string' ? logic.text.trim() : '';
    if (!text) {
      problems.add('DMN_NO_LOGIC', logic.id ? logic : d, `The literal expression of '${id}' is empty.`, 'write a FEEL expression.');
      return undefined;
    }
    const expression = expressionOf(text, logic.id ? logic : d, `The literal expression of '${id}'`, problems);
    return expression ? { kind: 'literal', id: logic.id ?? id, expression } : undefined;
  }
  problems.add('DMN_UNSUPPORTED', d, `Decision '${id}' is ${UNSUPPORTED_LOGIC[logic.$type] ?? `a ${logic.$type}`}; the engine evaluates decision tables and literal expressions.`, 'rewrite the decision as a decision table or a FEEL literal expression.');
  return undefined;
}

/** Each cycle of the requirement graph once (as the list of its decisions, from where it was found). */
function findCycles(requires: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string) => {
    state.set(id, 1);
    stack.push(id);
    for (const r of requires.get(id) ?? []) {
      const s = state.get(r);
      if (s === 1) cycles.push(stack.slice(stack.indexOf(r)));
      else if (s === undefined) visit(r);
    }
    stack.pop();
    state.set(id, 2);
  };
  for (const id of requires.keys()) if (!state.has(id)) visit(id);
  return cycles;
}
