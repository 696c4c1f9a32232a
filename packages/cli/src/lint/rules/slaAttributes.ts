/**
 * `handoff/sla-attributes`: `handoff:sla`, `handoff:slaWarning` and `handoff:calendar` are
 * where the engine reads them and hold values it accepts.
 *
 * Why: an SLA attribute in the wrong place is not an SLA. `handoff:sla` declares a clock
 * only on a timer boundary event with a `timeDuration` (the limit); anywhere else the clock
 * silently does not exist for a reader of the diagram, and deploy refuses it. A warning
 * outside (0, 1), a calendar on a date or ISO cycle timer, or working time counted in weeks,
 * months or years are refused at deploy too; the rule says so in the modeler, before anyone
 * deploys. Working days (`P2D`) are fine on a calendar, and a cron cycle runs in its zone.
 *
 * @module
 */
import { is, ruleDocs, type Element, type LintRule, type Reporter } from '../moddle';

const SLA_ID = /^[A-Za-z_][\w.-]*$/;
/** A fixed duration in hours, minutes and seconds (working time has no calendar units). */
const FIXED = /^PT(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/;
/** Working time on a calendar: working days and / or hours, minutes and seconds (`P2D`, `P1DT4H`, `PT16H`). */
const WORKING = /^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** `0.8` or `80%` → 0.8; null when not strictly between 0 and 1. */
export function parseWarning(text: string): number | null {
  const t = text.trim();
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : t === '' ? Number.NaN : Number(t);
  return Number.isFinite(v) && v > 0 && v < 1 ? v : null;
}

function timerOf(node: Element): Element | undefined {
  const defs = (node.eventDefinitions as Element[] | undefined) ?? [];
  return defs.length === 1 && is(defs[0], 'bpmn:TimerEventDefinition') ? defs[0] : undefined;
}

function checkBoundary(node: Element, reporter: Reporter): void {
  const sla = node.sla as string | undefined;
  const warning = node.slaWarning as string | undefined;
  if (sla === undefined) {
    if (warning !== undefined) reporter.report(node.id, 'handoff:slaWarning without handoff:sla: the warning belongs to no SLA');
    return;
  }
  if (!SLA_ID.test(sla.trim())) reporter.report(node.id, `handoff:sla="${sla}" is not an SLA id (letters, digits, _ . -; starting with a letter)`);
  const timer = timerOf(node);
  const duration = timer?.timeDuration as Element | undefined;
  if (!timer || !duration) {
    reporter.report(node.id, 'handoff:sla is on a boundary event without a timer duration (the limit)');
  } else {
    const body = String(duration.body ?? '').trim();
    const onCalendar = typeof timer.calendar === 'string' && timer.calendar.trim() !== '';
    if (!(onCalendar ? WORKING : FIXED).test(body)) reporter.report(node.id, `SLA limit '${body}' is not a fixed duration in hours, minutes or seconds (e.g. PT30M, PT48H)${onCalendar ? ', or working days (P2D)' : ''}`);
  }
  if (warning !== undefined && parseWarning(String(warning)) === null) reporter.report(node.id, `handoff:slaWarning="${warning}" is not a fraction between 0 and 1 or a percentage (e.g. 0.8 or 80%)`);
}

function checkCalendar(def: Element, reporter: Reporter): void {
  const calendar = def.calendar as string | undefined;
  if (calendar === undefined) return;
  const id = (def.$parent as Element | undefined)?.id;
  if (!calendar.trim()) {
    reporter.report(id, 'handoff:calendar is empty: name a business calendar registered with the engine');
    return;
  }
  const duration = def.timeDuration as Element | undefined;
  const cycle = String((def.timeCycle as Element | undefined)?.body ?? '').trim();
  if (!duration && /^\S+(\s+\S+){5,6}$/.test(cycle)) return; // a cron cycle runs in the calendar's zone
  if (!duration) {
    reporter.report(id, `handoff:calendar="${calendar}" applies to timer durations only; this timer is a ${def.timeDate ? 'date' : def.timeCycle ? 'cycle' : 'timer without a value'}`);
    return;
  }
  const body = String(duration.body ?? '').trim();
  if (!body.startsWith('=') && !WORKING.test(body)) reporter.report(id, `Working time '${body}' on calendar '${calendar}' must be in working days, hours, minutes and seconds (e.g. P2D or PT16H)`);
}

/** The rule factory. */
export default function slaAttributes(): LintRule {
  return {
    meta: { ...ruleDocs('sla-attributes') },
    check(node, reporter) {
      if (is(node, 'bpmn:BoundaryEvent')) checkBoundary(node, reporter);
      else if (is(node, 'bpmn:TimerEventDefinition')) checkCalendar(node, reporter);
      // Anywhere else the attributes are unknown to the schema and land in $attrs.
      for (const key of Object.keys(node.$attrs ?? {})) {
        const local = key.split(':')[1];
        if (key.includes(':') && (local === 'sla' || local === 'slaWarning' || local === 'calendar') && !key.startsWith('xmlns')) {
          const where = local === 'calendar' ? 'timer event definitions' : 'timer boundary events';
          reporter.report(node.id ?? (node.$parent as Element | undefined)?.id, `${key} has no effect on a ${node.$type}: it belongs on ${where}`);
        }
      }
    },
  };
}
