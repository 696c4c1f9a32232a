/**
 * Event definitions of an event node (timer, message, error, escalation, terminate, signal, link,
 * compensate, conditional).
 *
 * @module
 */
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { EventDef } from './types';
import { compileTimer } from './compileTimer';
import { compileMessage } from './compileMessage';
import { compileConditional } from './compileConditional';

/** Compile the event definition of an event node; `allowed` lists the legal types here. */
export function compileEvent(el: ModdleElement, allowed: EventDef['type'][], problems: ProblemList, where: string): EventDef | undefined {
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (defs.length > 1) {
    problems.add('UNSUPPORTED_FEATURE', el, `${where} has ${defs.length} event definitions (a multiple event).`, 'split it into one event per trigger, joined by an event-based gateway.');
    return undefined;
  }
  const d = defs[0];
  let ev: EventDef | undefined;
  let type: EventDef['type'] | string;
  if (!d) {
    type = 'none';
    ev = { type: 'none' };
  } else {
    switch (d.$type) {
      case 'bpmn:TimerEventDefinition':
        type = 'timer';
        ev = compileTimer(el, d, problems, where);
        break;
      case 'bpmn:MessageEventDefinition':
        type = 'message';
        // A throwing message event is a job for a handler (like a send task): its message reference is optional.
        if ((where === 'end event' || where === 'intermediate throw event') && !(d.messageRef as ModdleElement | undefined)?.name) ev = { type: 'message', message: '' };
        else ev = compileMessage(el, d, problems);
        break;
      case 'bpmn:ErrorEventDefinition': {
        type = 'error';
        const ref = d.errorRef as ModdleElement | undefined;
        ev = { type: 'error', ...(ref?.errorCode ? { errorCode: String(ref.errorCode) } : {}), ...(ref?.name ? { errorName: ref.name } : {}) };
        break;
      }
      case 'bpmn:EscalationEventDefinition': {
        type = 'escalation';
        const ref = d.escalationRef as ModdleElement | undefined;
        ev = {
          type: 'escalation',
          ...(ref?.escalationCode ? { escalationCode: String(ref.escalationCode) } : {}),
          ...(ref?.name ? { escalationName: ref.name } : {}),
        };
        break;
      }
      case 'bpmn:TerminateEventDefinition':
        type = 'terminate';
        ev = { type: 'terminate' };
        break;
      case 'bpmn:SignalEventDefinition': {
        type = 'signal';
        const ref = d.signalRef as ModdleElement | undefined;
        const name = typeof ref?.name === 'string' ? ref.name.trim() : '';
        if (!name) {
          problems.add('MISSING_SIGNAL', el, 'The signal reference is missing or the signal has no name.', 'select a signal and give it a name; it is the name hosts broadcast with engine.signals.broadcast().');
          return undefined;
        }
        if (name.startsWith('=') || /[$#]\{/.test(name)) {
          problems.add('UNSUPPORTED_FEATURE', el, `Signal names must be static; '${name}' is an expression.`, 'use a fixed signal name.');
          return undefined;
        }
        ev = { type: 'signal', signal: name };
        break;
      }
      case 'bpmn:LinkEventDefinition': {
        type = 'link';
        const name = typeof d.name === 'string' && d.name.trim() ? d.name.trim() : typeof el.name === 'string' ? el.name.trim() : '';
        if (!name) {
          problems.add('MISSING_LINK', el, 'The link event has no name.', 'name the link: a throw jumps to the catch link event of the same name.');
          return undefined;
        }
        ev = { type: 'link', link: name };
        break;
      }
      case 'bpmn:CompensateEventDefinition':
        // activityRef is resolved once every node is compiled (model/compileCompensation.ts).
        type = 'compensate';
        ev = { type: 'compensate', waitForCompletion: d.waitForCompletion !== false };
        break;
      case 'bpmn:ConditionalEventDefinition':
        type = 'conditional';
        ev = compileConditional(el, d, problems);
        break;
      default:
        type = d.$type.replace('bpmn:', '').replace('EventDefinition', '').toLowerCase();
    }
  }
  if (!allowed.includes(type as EventDef['type'])) {
    problems.add(
      'UNSUPPORTED_ELEMENT',
      el,
      `A ${type} ${where} is not supported.`,
      `use one of: ${allowed.map((a) => `${a} ${where}`).join(', ')}. See docs/bpmn-coverage.md.`,
    );
    return undefined;
  }
  return ev;
}
