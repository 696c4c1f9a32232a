/**
 * Compiling one flow node's own features: its kind here; each feature in its own file
 * (events, timers, messages, user tasks, jobs, expression tasks, extensions), re-exported.
 * Structure (flows, scopes) is in `compile.ts`.
 *
 * @module
 */
import type { NodeKind } from './types';

export { extensions, ext } from './extensions';
export { feel, staticOrFeel } from './feelAttribute';
export { compileEvent } from './compileEvent';
export { messageFromRef } from './compileMessage';
export { compileUserTask } from './compileUserTask';
export { compileJob, engineExpressionOf } from './compileJob';
export { compileExpressionTask } from './compileExpressionTask';

/** bpmn type → node kind, for the element types this engine runs. */
export const KIND_BY_TYPE: Readonly<Record<string, NodeKind>> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'serviceTask',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'task',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ScriptTask': 'expressionTask',
  'bpmn:BusinessRuleTask': 'expressionTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** `"a, b ,c"` → `['a','b','c']`. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
