/**
 * Which elements get the Handoff group, and reading / validating their SLA attributes on
 * bpmn-moddle business objects. No bpmn-js here: pure functions over the moddle tree, so
 * the checks are the engine's (`checkDefinitions`, `parseDuration`).
 *
 * @module
 */
import { checkDefinitions } from '@handoff/engine';

/** A bpmn-moddle business object, loosely typed. */
export interface BusinessObject {
  $type: string;
  id?: string;
  $parent?: BusinessObject;
  $instanceOf?(type: string): boolean;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [key: string]: unknown;
}

/** What the Handoff group edits for an element. */
export type HandoffTarget =
  /** A timer boundary event (its SLA and calendar), or a user task's SLA boundary. */
  | { kind: 'slaTimer'; boundary: BusinessObject; timer: BusinessObject }
  /** A timer start / intermediate event: its calendar only. */
  | { kind: 'timer'; timer: BusinessObject }
  /** A process: the SLAs declared in it, read only. */
  | { kind: 'process'; process: BusinessObject };

const is = (bo: unknown, type: string) => !!bo && typeof (bo as BusinessObject).$instanceOf === 'function' && (bo as BusinessObject).$instanceOf!(type);

/** The timer definition of an event, when it has exactly one event definition and it is a timer. */
export function timerOf(event: BusinessObject): BusinessObject | undefined {
  const defs = (event.get('eventDefinitions') as BusinessObject[] | undefined) ?? [];
  return defs.length === 1 && is(defs[0], 'bpmn:TimerEventDefinition') ? defs[0] : undefined;
}

/** Timer boundary events attached to `task` (the ones with `handoff:sla` first). */
export function timerBoundariesOf(task: BusinessObject): BusinessObject[] {
  const siblings = ((task.$parent?.get('flowElements') as BusinessObject[] | undefined) ?? []).filter((el) => is(el, 'bpmn:BoundaryEvent') && el.get('attachedToRef') === task && timerOf(el));
  return siblings.sort((a, b) => Number(!a.get('sla')) - Number(!b.get('sla')));
}

/** What the Handoff group shows for `bo`, or undefined for elements it does not apply to. */
export function handoffTarget(bo: BusinessObject): HandoffTarget | undefined {
  if (is(bo, 'bpmn:Process')) return { kind: 'process', process: bo };
  if (is(bo, 'bpmn:BoundaryEvent')) {
    const timer = timerOf(bo);
    return timer ? { kind: 'slaTimer', boundary: bo, timer } : undefined;
  }
  if (is(bo, 'bpmn:UserTask')) {
    const boundary = timerBoundariesOf(bo)[0];
    return boundary ? { kind: 'slaTimer', boundary, timer: timerOf(boundary)! } : undefined;
  }
  if (is(bo, 'bpmn:Event')) {
    const timer = timerOf(bo);
    return timer ? { kind: 'timer', timer } : undefined;
  }
  return undefined;
}

/** The `bpmn:Definitions` a business object belongs to. */
export function definitionsOf(bo: BusinessObject): BusinessObject | undefined {
  let n: BusinessObject | undefined = bo;
  while (n && !is(n, 'bpmn:Definitions')) n = n.$parent;
  return n;
}

/** A timer's duration text (`PT30M`), or '' when it has none. */
export function durationOf(timer: BusinessObject): string {
  const d = timer.get('timeDuration') as BusinessObject | undefined;
  return typeof d?.get('body') === 'string' ? (d.get('body') as string) : '';
}

/** Codes of the deploy problems the Handoff group can cause and fix. */
const SLA_CODES = new Set(['INVALID_SLA', 'INVALID_TIMER', 'UNKNOWN_CALENDAR']);

/**
 * The engine's verdict on `owner.prop = value`: the deploy problems about `elementIds` that the
 * new value would cause, as one message, or null. The value is set for the check and restored
 * before returning (synchronous; nothing else sees it). The engine's own compile decides, so the
 * panel agrees with deploy and with `handoff/deployable`.
 */
export function checkValue(owner: BusinessObject, prop: string, value: string, elementIds: readonly string[], calendars: readonly string[]): string | null {
  const definitions = definitionsOf(owner);
  if (!definitions) return null;
  const before = owner.get(prop);
  owner.set(prop, value === '' ? undefined : value);
  try {
    const { problems } = checkDefinitions(definitions as never, { calendars });
    const mine = problems.filter((p) => SLA_CODES.has(p.code) && (p.elementId === undefined ? p.message.includes(`'${String(owner.get('sla') ?? '')}'`) : elementIds.includes(p.elementId)));
    return mine.length ? mine.map((p) => `${p.message} ${p.hint.charAt(0).toUpperCase()}${p.hint.slice(1)}`).join(' ') : null;
  } finally {
    owner.set(prop, before);
  }
}

/** The SLAs a process declares on its timer boundaries: `id (limit, on element)`. */
export function slasOf(process: BusinessObject): string[] {
  const out: string[] = [];
  const visit = (container: BusinessObject) => {
    for (const el of (container.get('flowElements') as BusinessObject[] | undefined) ?? []) {
      const sla = el.get?.('sla');
      const timer = is(el, 'bpmn:BoundaryEvent') ? timerOf(el) : undefined;
      if (typeof sla === 'string' && sla && timer) out.push(`${sla} (${durationOf(timer) || 'no limit'} on ${(el.get('attachedToRef') as BusinessObject | undefined)?.id ?? '?'})`);
      if (is(el, 'bpmn:SubProcess')) visit(el);
    }
  };
  visit(process);
  return out;
}

/** Calendar names from the `calendars` option: names, or calendar JSON objects with a `name`. */
export function calendarNames(option: unknown): string[] {
  const list = Array.isArray(option) ? option : [];
  const names = list.map((c) => (typeof c === 'string' ? c : typeof (c as { name?: unknown })?.name === 'string' ? (c as { name: string }).name : undefined)).filter((n): n is string => !!n);
  return [...new Set(names)];
}
