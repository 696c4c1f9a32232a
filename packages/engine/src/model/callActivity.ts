/**
 * Compiling call activities, in both dialects:
 *
 * - Camunda 8: `<zeebe:calledElement processId="…" | processIdExpression="=…"
 *   propagateAllParentVariables propagateAllChildVariables bindingType versionTag/>`.
 *   By default the child starts with every variable the call activity sees and all its
 *   variables come back when it completes; with propagation off, only the call activity's
 *   input mappings go in and only its output mappings come out.
 * - Camunda 7: `calledElement="…"` with `camunda:calledElementBinding` (`latest`,
 *   `deployment`, `version` + `camunda:calledElementVersion`, `versionTag` +
 *   `camunda:calledElementVersionTag`), `camunda:in` / `camunda:out` (`source` → `target`,
 *   `sourceExpression` in FEEL, `variables="all"`, `businessKey`). As in Camunda 7, nothing
 *   is passed that an `in` / `out` does not name.
 *
 * @module
 */
import type { Expression } from './expressions';
import { feel } from './compileNode';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** Which version of the called process a call starts. */
export type CallBinding =
  | { kind: 'latest' }
  /** The version deployed together with the calling version (same deploy), else the one current then. */
  | { kind: 'deployment' }
  | { kind: 'version'; version: number }
  | { kind: 'versionTag'; versionTag: string };

/** A Camunda 7 `camunda:in` / `camunda:out` variable binding. */
export interface CallVariableBinding {
  /** The variable to read (`source`), or a FEEL expression (`sourceExpression`). */
  readonly source: { name: string } | { expr: Expression };
  readonly target: string;
}

/** What a call activity calls and which variables cross. */
export interface CallDef {
  readonly processId?: string;
  readonly processIdExpr?: Expression;
  readonly binding: CallBinding;
  /** `zeebe` (Camunda 8 propagation rules) or `camunda` (only what camunda:in / out name). */
  readonly dialect: 'zeebe' | 'camunda';
  /** Camunda 8: every variable the call activity sees goes in. Camunda 7: `camunda:in variables="all"`. */
  readonly allIn: boolean;
  /** Camunda 8: every child variable comes back. Camunda 7: `camunda:out variables="all"`. */
  readonly allOut: boolean;
  readonly in: readonly CallVariableBinding[];
  readonly out: readonly CallVariableBinding[];
  /** The child's business key: the caller's (`inherit`), or a FEEL expression. */
  readonly businessKey?: 'inherit' | Expression;
}

/** `#{execution.processBusinessKey}` / `${execution.processBusinessKey}`: the Camunda 7 idiom for "the caller's key". */
const INHERIT_KEY = /^\s*[$#]\{\s*execution\.(processBusinessKey|businessKey)\s*\}\s*$/;

/** Compile the call activity `el`; problems are recorded on `problems`. */
export function compileCall(el: ModdleElement, values: readonly ModdleElement[], problems: ProblemList): CallDef | undefined {
  const z = values.find((v) => v.$type === 'zeebe:CalledElement');
  if (z) return zeebeCall(el, z, problems);
  return camundaCall(el, values, problems);
}

function zeebeCall(el: ModdleElement, z: ModdleElement, problems: ProblemList): CallDef | undefined {
  const attrs = (z.$attrs as Record<string, string> | undefined) ?? {};
  const id = typeof z.processId === 'string' ? z.processId.trim() : '';
  const exprText = typeof z.processIdExpression === 'string' ? z.processIdExpression.trim() : '';
  let processId: string | undefined;
  let processIdExpr: Expression | undefined;
  if (exprText) processIdExpr = feel(exprText.startsWith('=') ? exprText : `=${exprText}`, el, 'processIdExpression', problems);
  else if (id.startsWith('=')) processIdExpr = feel(id, el, 'called process id', problems);
  else if (id) processId = id;
  else {
    problems.add('MISSING_CALLED_ELEMENT', el, 'The call activity names no process to call.', 'set zeebe:calledElement processId to the id of the process to start.');
    return undefined;
  }
  const bindingType = String(attrs.bindingType ?? z.bindingType ?? 'latest').trim();
  const tag = String(attrs.versionTag ?? z.versionTag ?? '').trim();
  let binding: CallBinding;
  if (bindingType === 'latest') binding = { kind: 'latest' };
  else if (bindingType === 'deployment') binding = { kind: 'deployment' };
  else if (bindingType === 'versionTag' && tag) binding = { kind: 'versionTag', versionTag: tag };
  else {
    problems.add('INVALID_ATTRIBUTE', el, `bindingType="${bindingType}"${bindingType === 'versionTag' ? ' without a versionTag' : ''} is not a binding.`, 'use latest (the default), deployment, or versionTag with a versionTag.');
    return undefined;
  }
  const flag = (v: unknown, dflt: boolean) => (v === undefined ? dflt : v === true || v === 'true');
  return {
    ...(processId !== undefined ? { processId } : {}),
    ...(processIdExpr ? { processIdExpr } : {}),
    binding,
    dialect: 'zeebe',
    allIn: flag(z.propagateAllParentVariables, true),
    allOut: flag(z.propagateAllChildVariables, true),
    in: [],
    out: [],
  };
}

function camundaCall(el: ModdleElement, values: readonly ModdleElement[], problems: ProblemList): CallDef | undefined {
  const called = typeof el.calledElement === 'string' ? el.calledElement.trim() : '';
  // Camunda 7 calls a CMMN case instead (camunda:caseRef): no engine here runs CMMN.
  const caseRef = typeof el.caseRef === 'string' ? el.caseRef.trim() : '';
  if (caseRef) {
    problems.add('UNSUPPORTED_FEATURE', el, `camunda:caseRef="${caseRef}" calls a CMMN case; Handoff runs BPMN only (Camunda 8 has no CMMN either).`, 'model the case as a BPMN process (an ad-hoc part as an event subprocess or parallel user tasks) and call it with calledElement.');
    return undefined;
  }
  if (!called) {
    problems.add('MISSING_CALLED_ELEMENT', el, 'The call activity names no process to call.', 'set calledElement (Camunda 7) or zeebe:calledElement processId (Camunda 8) to the id of the process to start.');
    return undefined;
  }
  for (const attr of ['variableMappingClass', 'variableMappingDelegateExpression'] as const) {
    if (el[attr]) problems.add('UNSUPPORTED_FEATURE', el, `camunda:${attr}="${String(el[attr])}" names Java code, which cannot run here.`, 'map variables with camunda:in / camunda:out instead.');
  }
  let processId: string | undefined;
  let processIdExpr: Expression | undefined;
  if (called.startsWith('=') || /[$#]\{/.test(called)) processIdExpr = feel(called, el, 'calledElement', problems);
  else processId = called;
  const kind = String(el.calledElementBinding ?? 'latest').trim();
  let binding: CallBinding | undefined;
  if (kind === 'latest' || kind === 'deployment') binding = { kind };
  else if (kind === 'version') {
    const v = Number(el.calledElementVersion);
    if (Number.isInteger(v) && v >= 1) binding = { kind: 'version', version: v };
    else problems.add('INVALID_ATTRIBUTE', el, `camunda:calledElementVersion="${String(el.calledElementVersion ?? '')}" is not a version number.`, 'set the version to call, e.g. 3, or use the latest binding.');
  } else if (kind === 'versionTag') {
    const tag = String(el.calledElementVersionTag ?? '').trim();
    if (tag) binding = { kind: 'versionTag', versionTag: tag };
    else problems.add('INVALID_ATTRIBUTE', el, 'camunda:calledElementBinding="versionTag" without camunda:calledElementVersionTag.', 'set the version tag to call.');
  } else problems.add('INVALID_ATTRIBUTE', el, `camunda:calledElementBinding="${kind}" is not a binding.`, 'use latest, deployment, version or versionTag.');
  let allIn = false;
  let allOut = false;
  let businessKey: CallDef['businessKey'];
  const ins: CallVariableBinding[] = [];
  const outs: CallVariableBinding[] = [];
  for (const v of values) {
    if (v.$type !== 'camunda:In' && v.$type !== 'camunda:Out') continue;
    const dir = v.$type === 'camunda:In' ? 'in' : 'out';
    if (v.local) problems.add('UNSUPPORTED_FEATURE', el, `camunda:${dir} local="true" passes only local variables.`, `remove local="true": the call activity's variables are passed as the scope rules read them.`);
    if (typeof v.businessKey === 'string') {
      if (dir === 'out') problems.add('INVALID_ATTRIBUTE', el, 'camunda:out cannot set a business key.', 'set the child\'s business key with camunda:in businessKey.');
      else if (INHERIT_KEY.test(v.businessKey)) businessKey = 'inherit';
      else {
        const expr = feel(v.businessKey, el, 'camunda:in businessKey', problems);
        if (expr) businessKey = expr;
      }
      continue;
    }
    if (v.variables !== undefined) {
      if (v.variables === 'all') {
        if (dir === 'in') allIn = true;
        else allOut = true;
      } else problems.add('INVALID_ATTRIBUTE', el, `camunda:${dir} variables="${String(v.variables)}" is not supported.`, 'write variables="all", or name each variable with source and target.');
      continue;
    }
    const target = typeof v.target === 'string' ? v.target.trim() : '';
    const source = typeof v.source === 'string' ? v.source.trim() : '';
    const sourceExpression = typeof v.sourceExpression === 'string' ? v.sourceExpression.trim() : '';
    if (!target || (!source && !sourceExpression)) {
      problems.add('INVALID_IO_MAPPING', el, `A camunda:${dir} needs a target and a source (or sourceExpression).`, 'e.g. <camunda:in source="order" target="order" />.');
      continue;
    }
    let src: CallVariableBinding['source'] | undefined;
    if (sourceExpression) {
      const expr = feel(sourceExpression, el, `camunda:${dir} sourceExpression`, problems);
      if (expr) src = { expr };
    } else src = { name: source };
    if (src) (dir === 'in' ? ins : outs).push({ source: src, target });
  }
  if (!binding) return undefined;
  return {
    ...(processId !== undefined ? { processId } : {}),
    ...(processIdExpr ? { processIdExpr } : {}),
    binding,
    dialect: 'camunda',
    allIn,
    allOut,
    in: ins,
    out: outs,
    ...(businessKey !== undefined ? { businessKey } : {}),
  };
}
