/**
 * Event definition type → behaviour (one file each). A new event definition is one model
 * type, one compile case, one file here and one row below.
 *
 * @module
 */
import type { EventDef } from '../../model/types';
import { errorDefinition } from './error';
import { escalationDefinition } from './escalation';
import type { EventDefinitionBehaviour } from './eventDefinition';
import { messageDefinition } from './message';
import { noneDefinition } from './none';
import { terminateDefinition } from './terminate';
import { linkDefinition } from './link';
import { signalDefinition } from './signal';
import { timerDefinition } from './timer';
import { compensateDefinition } from './compensation';
import { conditionalDefinition } from './conditional';
import { triggerDefinition } from './trigger';

const DEFINITIONS: Readonly<Record<EventDef['type'], EventDefinitionBehaviour>> = {
  none: noneDefinition,
  terminate: terminateDefinition,
  timer: timerDefinition,
  message: messageDefinition,
  error: errorDefinition,
  escalation: escalationDefinition,
  signal: signalDefinition,
  link: linkDefinition,
  compensate: compensateDefinition,
  conditional: conditionalDefinition,
  trigger: triggerDefinition,
};

/** The behaviour of an event definition; a node without one behaves as `none`. */
export function eventDefinitionOf(def: EventDef | undefined): EventDefinitionBehaviour {
  return DEFINITIONS[def?.type ?? 'none'];
}

export type { EventDefinitionBehaviour } from './eventDefinition';
