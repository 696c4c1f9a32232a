/**
 * Message references: the message name, and its correlation key expression.
 *
 * @module
 */
import type { Expression } from './expressions';
import { ext, extensions } from './extensions';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { EventDef } from './types';

/** A message event definition. */
export function compileMessage(el: ModdleElement, d: ModdleElement, problems: ProblemList): EventDef | undefined {
  const ref = d.messageRef as ModdleElement | undefined;
  return messageFromRef(el, ref, problems);
}

/** A message event or receive task: the message's name, and its correlation key expression. */
export function messageFromRef(el: ModdleElement, ref: ModdleElement | undefined, problems: ProblemList): EventDef | undefined {
  if (!ref || !ref.name) {
    problems.add('MISSING_MESSAGE', el, 'The message reference is missing or the message has no name.', 'select a message and give it a name; it is the name hosts correlate with (engine.messages.correlate). A Camunda 7 / Flowable receive task without a message (triggered there by runtimeService.signal or trigger) needs one too: add <bpmn:message id="…" name="…"/> and point messageRef at it (docs/migrating-from-camunda-7.md).');
    return undefined;
  }
  if (ref.name.trim().startsWith('=') || /[$#]\{/.test(ref.name)) {
    problems.add('UNSUPPORTED_FEATURE', el, `Message names must be static; '${ref.name}' is an expression.`, 'use a fixed message name and put the varying part in the correlation key.');
    return undefined;
  }
  const values = extensions(ref, problems);
  const sub = ext(values, 'zeebe:Subscription');
  let correlationKey: Expression | undefined;
  if (sub?.correlationKey) correlationKey = feel(String(sub.correlationKey), el, 'correlation key', problems);
  return { type: 'message', message: ref.name, ...(correlationKey ? { correlationKey } : {}) };
}
