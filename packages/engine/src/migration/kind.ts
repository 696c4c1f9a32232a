/**
 * What "the same kind of element" means for a migration (docs/migration.md, decision 0029).
 * A token may only move onto an element whose behaviour can carry the state the token holds
 * — a task, a job, a subscription, a child instance, a multi-instance body's progress — so
 * the kind is the node's behaviour, refined where one behaviour holds different state:
 *
 * - **events** by their event definition: `boundaryEvent:timer` ≠ `boundaryEvent:message`,
 *   `intermediateCatchEvent:message` ≠ `intermediateCatchEvent:signal`;
 * - **receive tasks** by what they wait for: `receiveTask:message` or `receiveTask:trigger`;
 * - **subprocesses**: an event subprocess (`triggeredByEvent`) is `eventSubProcess`;
 * - **business rule tasks** with a DMN decision are `businessRuleTask`; FEEL script and
 *   expression tasks stay `expressionTask`; everything run as a job (service, send, script
 *   and business rule tasks given to handlers) is `serviceTask`;
 * - **compensation handlers** (`isForCompensation`) are marked `(compensation handler)`;
 * - **multi-instance** activities are marked `(parallel multi-instance)` or
 *   `(sequential multi-instance)`: a body's progress moves only onto the same marker.
 *
 * Gateways, user tasks, plain tasks, call activities and embedded subprocesses are their
 * node kind. Two elements have the same kind when these strings are equal.
 *
 * @module
 */
import type { NodeModel } from '../model/types';

/** The migration kind of a node: equal strings may exchange tokens. */
export function migrationKind(node: NodeModel): string {
  let base: string;
  switch (node.kind) {
    case 'startEvent':
    case 'endEvent':
    case 'intermediateCatchEvent':
    case 'intermediateThrowEvent':
    case 'boundaryEvent':
      base = `${node.kind}:${node.event?.type ?? 'none'}`;
      break;
    case 'receiveTask':
      base = `receiveTask:${node.event?.type === 'trigger' ? 'trigger' : 'message'}`;
      break;
    case 'subProcess':
      base = node.triggeredByEvent ? 'eventSubProcess' : 'subProcess';
      break;
    case 'expressionTask':
      base = node.decision ? 'businessRuleTask' : 'expressionTask';
      break;
    default:
      base = node.kind;
  }
  if (node.forCompensation) base += ' (compensation handler)';
  if (node.loop) base += node.loop.sequential ? ' (sequential multi-instance)' : ' (parallel multi-instance)';
  return base;
}

/** Event definitions whose arming keeps state (a timer or a subscription); the others listen without any. */
export function holdsWait(node: NodeModel): boolean {
  const t = node.event?.type;
  return t === 'timer' || t === 'message' || t === 'signal';
}
