/**
 * Link events: a throw link jumps to the catch link of the same name in the same scope
 * (resolved at deploy), as if a sequence flow joined them; the catch link passes the token
 * on. Used to keep large diagrams readable ("go to page 2").
 *
 * @module
 */
import type { EventDefinitionBehaviour } from './eventDefinition';
import { NO_PAYLOAD } from '../../runtime/step';

export const linkDefinition: EventDefinitionBehaviour = {
  throw(step, e) {
    const ev = step.node(e.n).event;
    if (ev?.type !== 'link' || ev.target === undefined) return;
    step.emit('activity.left', e.n, NO_PAYLOAD, e.id);
    e.n = ev.target;
    delete e.f;
    step.enter(e);
  },
};
