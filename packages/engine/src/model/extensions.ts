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
  'camunda:FormData',
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
]);
/** Extension elements with behaviour the engine does not run (yet): refused, never ignored. */
const UNSUPPORTED_EXTENSION_HINTS: Readonly<Record<string, string>> = {
  'camunda:Connector': 'Java connectors cannot run here; register a service-task handler for a camunda:topic instead.',
  'camunda:FailedJobRetryTimeCycle': 'set retries with zeebe:taskDefinition retries="N"; backoff is an engine option.',
};

/** Read the extension elements of `el`, reporting unsupported ones. */
export function extensions(el: ModdleElement, problems: ProblemList): ModdleElement[] {
  const values = ((el.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? [];
  for (const v of values) {
    const t = v.$type;
    if (!t.startsWith('zeebe:') && !t.startsWith('camunda:')) continue; // other vendors' annotations
    if (METADATA_EXTENSIONS.has(t) || INTERPRETED_EXTENSIONS.has(t)) continue;
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
