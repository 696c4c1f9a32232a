/**
 * Node kind → behaviour. Element types that behave alike share one behaviour.
 *
 * @module
 */
import type { NodeKind } from '../model/types';
import type { Behaviour } from './behaviour';
import { callActivity } from './callActivity';
import { catchEvent } from './catchEvent';
import { endEvent } from './endEvent';
import { eventBasedGateway } from './eventBasedGateway';
import { exclusiveGateway } from './exclusiveGateway';
import { expressionTask } from './expressionTask';
import { inclusiveGateway } from './inclusiveGateway';
import { intermediateThrowEvent } from './intermediateThrowEvent';
import { parallelGateway } from './parallelGateway';
import { passThrough } from './passThrough';
import { serviceTask } from './serviceTask';
import { subProcess } from './subProcess';
import { userTask } from './userTask';

const BEHAVIOURS: Readonly<Record<NodeKind, Behaviour>> = {
  startEvent: passThrough,
  endEvent,
  intermediateCatchEvent: catchEvent,
  intermediateThrowEvent,
  boundaryEvent: passThrough,
  userTask,
  serviceTask,
  task: passThrough,
  receiveTask: catchEvent,
  expressionTask,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  subProcess,
  callActivity,
};

/** The behaviour of a node kind. */
export function behaviourOf(kind: NodeKind): Behaviour {
  return BEHAVIOURS[kind];
}
