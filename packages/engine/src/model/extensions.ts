/**
 * Extension elements: which ones the engine reads, which are metadata, which are refused.
 *
 * @module
 */
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import { isListenerExtension } from './listeners';

/** Extension elements that carry only metadata the engine may safely leave aside. */
const METADATA_EXTENSIONS = new Set([
  'zeebe:Properties',
  'zeebe:VersionTag',
  'zeebe:UserTask',
  'zeebe:FormDefinition',
  'zeebe:UserTaskForm',
  'zeebe:JobPriorityDefinition',
  'zeebe:LinkedResources',
  'camunda:Properties',
  'camunda:FormData', // forms are the host's: formKey is on the task record, form fields are its metadata
  'camunda:FormProperty', // Activiti / Flowable form properties: the same
]);
/** Extension elements the engine reads. */
const INTERPRETED_EXTENSIONS = new Set([
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
  'zeebe:AssignmentDefinition',
  'zeebe:TaskSchedule', // read by model/compileUserTask.ts
  'zeebe:PriorityDefinition', // read by model/compileUserTask.ts
  'zeebe:Script',
  'zeebe:Subscription',
  'zeebe:IoMapping',
  'camunda:InputOutput',
  'zeebe:CalledElement',
  'zeebe:CalledDecision', // read by model/compileBusinessRuleTask.ts
  'camunda:In',
  'camunda:Out',
  'zeebe:LoopCharacteristics', // read by model/multiInstance.ts
  'camunda:Field', // job headers (model/compileJob.ts)
  'camunda:Connector', // a job of type connector:<id> (model/compileJob.ts)
  'camunda:FailedJobRetryTimeCycle', // job retries and waits (model/retryCycle.ts); without a job it has no attempt to repeat
]);
/** Extension elements with behaviour the engine does not run (yet): refused, never ignored. */
const UNSUPPORTED_EXTENSION_HINTS: Readonly<Record<string, string>> = {
  'camunda:FailedJobRetryTimeCycle': 'a retry cycle in a multi-instance marker retries Camunda 7\'s asynchronous inner activities, which Handoff does not have; put it on the service task inside, or remove it.',
};

/** Read the extension elements of `el` (or of its multi-instance marker, `marker`), reporting unsupported ones. */
export function extensions(el: ModdleElement, problems: ProblemList, opts: { marker?: boolean } = {}): ModdleElement[] {
  const values = ((el.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? [];
  for (const v of values) {
    const t = v.$type;
    if (!t.startsWith('zeebe:') && !t.startsWith('camunda:')) continue; // other vendors' annotations
    // A retry cycle in a multi-instance marker retries Camunda 7's asynchronous inner activities, which Handoff does not have.
    const inMarker = t === 'camunda:FailedJobRetryTimeCycle' && opts.marker === true;
    if (!inMarker && (METADATA_EXTENSIONS.has(t) || INTERPRETED_EXTENSIONS.has(t))) continue;
    if (isListenerExtension(v)) continue; // execution / task listeners: read by model/listeners.ts
    problems.add(
      'UNSUPPORTED_FEATURE',
      el,
      `<${t.replace(/^(\w+):(\w)/, (_m, p: string, c: string) => `${p}:${c.toLowerCase()}`)}> is not supported.`,
      UNSUPPORTED_EXTENSION_HINTS[t] ?? 'remove this extension element; the engine does not run it.',
    );
  }
  return values;
}

/** The first extension element of `type`. */
export function ext(values: ModdleElement[], type: string): ModdleElement | undefined {
  return values.find((v) => v.$type === type);
}
