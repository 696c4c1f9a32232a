/**
 * The Handoff group's entries (preact components of @bpmn-io/properties-panel): SLA name,
 * limit, warning, escalation role, calendar; on a process, the SLAs it declares. Every edit is one
 * `element.updateModdleProperties` command (undoable); every field is validated inline by
 * the engine's compile (`checkValue`), and a value with an error is shown, not applied (the
 * panel passes the validation error to `setValue`).
 *
 * @module
 */
import { isSelectEntryEdited, isTextFieldEntryEdited, SelectEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import { parseDuration } from '@handoff/engine';
import { calendarNames, checkValue, durationOf, slasOf, type BusinessObject, type HandoffTarget } from './model';

/** A diagram element as the panel passes it. */
export interface PanelElement {
  id: string;
  businessObject: BusinessObject;
}

/** A properties-panel entry description. */
export interface Entry {
  id: string;
  element: PanelElement;
  component: (props: { element: PanelElement; id: string }) => unknown;
  isEdited?: (node: unknown) => boolean;
}

interface Services {
  commandStack: { execute(command: string, context: unknown): void };
  bpmnFactory: { create(type: string, attrs?: Record<string, unknown>): BusinessObject };
  debounceInput: (fn: (v: string) => void) => (v: string) => void;
  calendars: string[];
}

function services(): Services {
  const config = useService('config') as { handoff?: { calendars?: unknown } } | undefined;
  // `handoffCalendars`: a service the Camunda Modeler plugin module provides (it has no Modeler config).
  const fromModule = useService('handoffCalendars', false) as unknown;
  return {
    commandStack: useService('commandStack') as Services['commandStack'],
    bpmnFactory: useService('bpmnFactory') as Services['bpmnFactory'],
    debounceInput: useService('debounceInput') as Services['debounceInput'],
    calendars: calendarNames([...(Array.isArray(config?.handoff?.calendars) ? config.handoff.calendars : []), ...(Array.isArray(fromModule) ? fromModule : [])]),
  };
}

const update = (s: Services, element: PanelElement, moddleElement: BusinessObject, properties: Record<string, unknown>) =>
  s.commandStack.execute('element.updateModdleProperties', { element, moddleElement, properties });

/** `''` → undefined, so clearing a field removes the attribute. */
const orUndefined = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** The entries of the Handoff group for a target. */
export function handoffEntries(element: PanelElement, target: HandoffTarget): Entry[] {
  if (target.kind === 'process') return [{ id: 'handoff-slas', element, component: SlaList }];
  const calendar: Entry = { id: 'handoff-calendar', element, component: CalendarEntry(target.timer, target.kind === 'slaTimer' ? target.boundary : undefined), isEdited: isSelectEntryEdited };
  if (target.kind === 'timer') return [calendar];
  const { boundary, timer } = target;
  return [
    { id: 'handoff-sla', element, component: SlaNameEntry(boundary), isEdited: isTextFieldEntryEdited },
    { id: 'handoff-limit', element, component: LimitEntry(boundary, timer), isEdited: isTextFieldEntryEdited },
    { id: 'handoff-warning', element, component: WarningEntry(boundary), isEdited: isTextFieldEntryEdited },
    { id: 'handoff-escalate-to', element, component: EscalateToEntry(boundary), isEdited: isTextFieldEntryEdited },
    calendar,
  ];
}

function SlaNameEntry(boundary: BusinessObject) {
  return function SlaName(props: { element: PanelElement; id: string }) {
    const s = services();
    return h(TextFieldEntry, {
      element: props.element,
      id: props.id,
      label: 'SLA name',
      description: `Declares an SLA clock on ${boundary.id}: started when the activity is entered, stopped when it is left.`,
      getValue: () => (boundary.get('sla') as string | undefined) ?? '',
      setValue: (v: string, error?: string | null) => !error && update(s, props.element, boundary, { 'handoff:sla': orUndefined(v) }),
      validate: (v: string) => (v.trim() && !/^[A-Za-z_][\w.-]*$/.test(v.trim()) ? 'Use letters, digits, _ . - (starting with a letter), e.g. callback.' : checkValue(boundary, 'sla', v.trim(), [boundary.id!], s.calendars)),
      debounce: s.debounceInput,
    });
  };
}

function LimitEntry(boundary: BusinessObject, timer: BusinessObject) {
  return function Limit(props: { element: PanelElement; id: string }) {
    const s = services();
    return h(TextFieldEntry, {
      element: props.element,
      id: props.id,
      label: 'SLA limit',
      description: 'Working time on the calendar: hours, minutes, seconds (PT30M, PT48H). The timer fires at the breach.',
      getValue: () => durationOf(timer),
      setValue: (v: string, error?: string | null) => {
        if (error) return; // the panel shows the engine's message; an invalid value is not applied
        const existing = timer.get('timeDuration') as BusinessObject | undefined;
        if (existing) update(s, props.element, existing, { body: v.trim() });
        else update(s, props.element, timer, { timeDuration: s.bpmnFactory.create('bpmn:FormalExpression', { body: v.trim() }) });
      },
      validate: (v: string) => {
        const text = v.trim();
        if (!text) return boundary.get('sla') ? 'An SLA needs a limit, e.g. PT30M.' : null;
        const existing = timer.get('timeDuration') as BusinessObject | undefined;
        if (existing) return checkValue(existing, 'body', text, [boundary.id!], s.calendars);
        try {
          parseDuration(text);
          return null;
        } catch (err) {
          return (err as Error).message;
        }
      },
      debounce: s.debounceInput,
    });
  };
}

function WarningEntry(boundary: BusinessObject) {
  return function Warning(props: { element: PanelElement; id: string }) {
    const s = services();
    return h(TextFieldEntry, {
      element: props.element,
      id: props.id,
      label: 'SLA warning',
      description: 'When to warn, as a fraction of the limit or a percentage (0.8 or 80%; default 0.8).',
      getValue: () => (boundary.get('slaWarning') as string | undefined) ?? '',
      setValue: (v: string, error?: string | null) => !error && update(s, props.element, boundary, { 'handoff:slaWarning': orUndefined(v) }),
      validate: (v: string) => (v.trim() ? checkValue(boundary, 'slaWarning', v.trim(), [boundary.id!], s.calendars) : null),
      debounce: s.debounceInput,
    });
  };
}

function EscalateToEntry(boundary: BusinessObject) {
  return function EscalateTo(props: { element: PanelElement; id: string }) {
    const s = services();
    return h(TextFieldEntry, {
      element: props.element,
      id: props.id,
      label: 'Escalate to (role)',
      description: 'The role the breach notifies (the sla.escalated event names it), e.g. a supervisor. Empty: no escalation.',
      getValue: () => (boundary.get('slaEscalateTo') as string | undefined) ?? '',
      setValue: (v: string, error?: string | null) => !error && update(s, props.element, boundary, { 'handoff:slaEscalateTo': orUndefined(v) }),
      validate: (v: string) => (v.trim() ? checkValue(boundary, 'slaEscalateTo', v.trim(), [boundary.id!], s.calendars) : null),
      debounce: s.debounceInput,
    });
  };
}

function CalendarEntry(timer: BusinessObject, boundary: BusinessObject | undefined) {
  return function Calendar(props: { element: PanelElement; id: string }) {
    const s = services();
    const current = (timer.get('calendar') as string | undefined) ?? '';
    const ids = [boundary?.id, timer.$parent?.id].filter((x): x is string => !!x);
    return h(SelectEntry, {
      element: props.element,
      id: props.id,
      label: 'Business calendar',
      description: 'The timer counts working time on this calendar (24/7 when none).',
      getValue: () => current,
      setValue: (v: string, error?: string | null) => !error && update(s, props.element, timer, { 'handoff:calendar': orUndefined(v) }),
      getOptions: () => [{ value: '', label: '24/7 (none)' }, ...[...new Set([...s.calendars, ...(current ? [current] : [])])].map((c) => ({ value: c, label: c }))],
      validate: (v: string) => (v ? checkValue(timer, 'calendar', v, ids, s.calendars) : null),
    });
  };
}

function SlaList(props: { element: PanelElement; id: string }) {
  const slas = slasOf(props.element.businessObject);
  return h(TextFieldEntry, {
    element: props.element,
    id: props.id,
    label: 'SLAs in this process',
    description: 'Declared on timer boundary events (select one to edit it).',
    getValue: () => (slas.length ? slas.join('; ') : 'none'),
    setValue: () => undefined,
    disabled: true,
    debounce: (fn: (v: string) => void) => fn,
  });
}
