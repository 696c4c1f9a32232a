/**
 * Script input and output mappings as jobs (decision 0031). A Camunda 7 parameter whose value
 * is a Freemarker, JavaScript, Groovy… script (`<camunda:script scriptFormat="freemarker">`)
 * is never evaluated by the engine: when the mappings reach it, the execution waits for a job
 * of type `script:<format>` — the same type a script task of that language has — whose handler
 * returns the parameter's value as `{ [job.headers.resultVariable]: value }`. The mappings then
 * go on in order (a later one sees the value); after the last, the element is entered (inputs)
 * or leaves (outputs) as usual.
 *
 * | side | when | the value goes to |
 * |---|---|---|
 * | input | entering the element, before `activity.entered` and its start listeners | a local of the element, as a text input would |
 * | output | the element completed (its task or job is done, its boundary events closed) | the enclosing scope, with the other outputs |
 *
 * The job is retried like any job (3 attempts, the engine's backoff); a failure with no
 * attempts left, a BPMN error, or a result that is not exactly the parameter is an incident on
 * the element, and retrying it runs the script job again.
 *
 * @module
 */
import type { MappingValue, VariableMapping } from '../model/ioMapping';
import type { JobDef } from '../model/types';
import { applyInputs, applyOutputs } from './ioMapping';
import { jobDefOf } from './listeners';
import type { Execution, ScriptMappingState } from './state';
import type { Step } from './step';

/** Attempts of a script mapping's job (a script task without a retry cycle has as many). */
const SCRIPT_RETRIES = 3;

/** The mapping whose job `e` waits for. */
function mappingOf(step: Step, e: Execution): VariableMapping & { value: Extract<MappingValue, { kind: 'script' }> } {
  const sm = e.sm!;
  const io = step.node(e.n).io!;
  return (sm.side === 'in' ? io.inputs : io.outputs)[sm.i] as VariableMapping & { value: Extract<MappingValue, { kind: 'script' }> };
}

/** The job definition of `e`'s running script mapping. */
function scriptJobDef(step: Step, e: Execution): JobDef {
  const m = mappingOf(step, e);
  const v = m.value;
  const headers: Record<string, string> = {
    scriptFormat: v.format,
    ...(v.resource !== undefined ? { resource: v.resource } : { script: v.script ?? '' }),
    resultVariable: m.target.join('.'),
    mapping: e.sm!.side === 'in' ? 'input' : 'output',
  };
  return { type: `script:${v.format.toLowerCase()}`, retries: SCRIPT_RETRIES, headers, resultVariable: m.target.join('.') };
}

/** The job definition of what `e` runs now: its script mapping's, its running listener's, or its element's. */
export function runningJobDef(step: Step, e: Execution): JobDef {
  return e.sm ? scriptJobDef(step, e) : jobDefOf(step, e);
}

/** Wait at `e` for the job of script mapping `sm`. */
export function beginScriptMapping(step: Step, e: Execution, sm: ScriptMappingState): void {
  e.sm = sm;
  const def = scriptJobDef(step, e);
  e.job = { id: step.nextId(), left: def.retries, attempt: 1 };
  step.requestJob(e);
  step.emit('job.created', e.n, { jobId: step.globalId(e.job.id), jobType: def.type, attempt: 1, retriesLeft: def.retries }, e.id);
}

/** What a failed or erring script mapping job's incident says. */
export function scriptMappingFailure(step: Step, e: Execution, what: string): string {
  const m = mappingOf(step, e);
  return `The ${e.sm!.side === 'in' ? 'input' : 'output'} mapping to '${m.target.join('.')}' of ${step.node(e.n).id} is a ${m.value.format} script, run by the job '${runningJobDef(step, e).type}', which ${what}. Fix the handler and retry the incident (the script job runs again).`;
}

/**
 * The job of `e`'s script mapping completed with `output`: the value becomes the mapping's
 * and the mappings go on. Returns true.
 */
export function scriptMappingCompleted(step: Step, e: Execution, output: Record<string, unknown>): true {
  const sm = e.sm!;
  const name = mappingOf(step, e).target.join('.');
  const keys = Object.keys(output);
  if (keys.length !== 1 || keys[0] !== name) {
    step.incident(e, 'SCRIPT_RESULT_INVALID', scriptMappingFailure(step, e, `returned ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'no variable'} instead of exactly { ${name}: value }`), 'job');
    return true;
  }
  delete e.job;
  delete e.sm;
  const resumed = { i: sm.i, value: output[name] };
  if (sm.side === 'in') {
    if (applyInputs(step, e, undefined, resumed)) step.afterInputs(e);
    return true;
  }
  const r = applyOutputs(step, e, sm.own === 1, sm.fl, { ...resumed, w: sm.w ?? [] });
  if (!('wait' in r)) step.afterOutputs(e, sm.fl, r);
  return true;
}
