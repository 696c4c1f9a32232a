/**
 * Timer event definitions: durations, dates, cycles (ISO 8601 or cron), with an optional
 * business calendar: a duration counts working time on it (days are working days), a cron
 * cycle runs in its zone.
 *
 * @module
 */
import { InvalidTimerError } from '../errors';
import type { FileDialect } from '../time/cron';
import { parseTimerSpec } from '../time/timerSpec';
import { drawnForCamunda7 } from './dialect';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { EventDef, TimerDef } from './types';

/** A timer event definition: exactly one of duration, date, cycle; a literal spec or a FEEL expression. */
export function compileTimer(el: ModdleElement, d: ModdleElement, problems: ProblemList, where: string): EventDef | undefined {
  const present = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter((k) => d[k]);
  if (present.length !== 1) {
    problems.add('INVALID_TIMER', el, `A timer ${where} needs exactly one of timeDuration, timeDate, timeCycle (found ${present.length}).`, 'set one timer value in the modeler, e.g. a duration PT30M.');
    return undefined;
  }
  const key = present[0]!;
  const kind = key === 'timeDuration' ? 'duration' : key === 'timeDate' ? 'date' : 'cycle';
  const text = String((d[key] as ModdleElement).body ?? '').trim();
  const calendar = typeof d.calendar === 'string' && d.calendar.trim() ? d.calendar.trim() : undefined;
  let timer: TimerDef | undefined;
  const dialect = fileDialect(el);
  if (text.startsWith('=') || /^[$#]\{/.test(text)) {
    const expr = feel(text, el, `timer ${kind}`, problems);
    if (expr) timer = { kind, expr, text, ...(calendar ? { calendar } : {}), ...(dialect ? { fileDialect: dialect } : {}) };
  } else {
    try {
      timer = { kind, spec: parseTimerSpec(kind, text, { elementId: el.id!, ...(dialect ? { dialect } : {}), datePeriods: dialect === 'camunda' }), text, ...(calendar ? { calendar } : {}) };
    } catch (err) {
      if (!(err instanceof InvalidTimerError)) throw err;
      // A period in timeDate is Camunda 7's "that long from now"; elsewhere it belongs in timeDuration.
      const hint = kind === 'date' && /^P/.test(text) ? `write the period as a timeDuration (<bpmn:timeDuration>${text}</bpmn:timeDuration>): only Camunda 7-family files read a period in timeDate.` : err.hint;
      problems.add('INVALID_TIMER', el, `${err.message.split(' — ')[0]!.replace(/\.$/, '')} (attribute ${key}).`, hint);
    }
  }
  const cron = timer && 'spec' in timer && timer.spec.kind === 'cycle' && 'cron' in timer.spec;
  if (timer && calendar && !cron) {
    if (('spec' in timer ? timer.spec.kind : kind) !== 'duration') {
      problems.add('INVALID_TIMER', el, `handoff:calendar="${calendar}" applies to durations (working time) and cron cycles (its zone) only; this timer is a ${kind}.`, 'use a timeDuration counted in working time (e.g. PT4H), or remove handoff:calendar.');
    } else if ('spec' in timer && timer.spec.kind === 'duration') {
      const dd = timer.spec.duration;
      if (dd.years || dd.months || dd.weeks) {
        problems.add('INVALID_TIMER', el, `Working time '${text}' on calendar '${calendar}' has weeks, months or years.`, 'express working time in working days, hours and minutes, e.g. P2D (the same local time on the 2nd working day) or PT16H.');
      }
    }
  }
  return timer ? { type: 'timer', timer } : undefined;
}

const DIALECTS = new WeakMap<object, FileDialect | null>();
const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

/**
 * The dialect the file of `el` is written in, from the namespaces its definitions declare:
 * Camunda 7 (`camunda`) or Camunda 8 (`zeebe`); undefined for neither or both (also read
 * from `modeler:executionPlatform` when the namespaces do not tell, and Camunda 7 for a file
 * an old Camunda Modeler drew: `drawnForCamunda7`).
 */
function fileDialect(el: ModdleElement): FileDialect | undefined {
  let root = el as ModdleElement & { $parent?: ModdleElement; $attrs?: Record<string, string> };
  while (root.$parent) root = root.$parent as typeof root;
  let d = DIALECTS.get(root);
  if (d === undefined) {
    const attrs = Object.values(root.$attrs ?? {});
    const camunda = attrs.includes(CAMUNDA_NS);
    const zeebe = attrs.includes(ZEEBE_NS);
    const platform = String((root.$attrs ?? {})['modeler:executionPlatform'] ?? '');
    d = camunda !== zeebe ? (camunda ? 'camunda' : 'zeebe') : /cloud/i.test(platform) ? 'zeebe' : /platform/i.test(platform) || (!camunda && drawnForCamunda7(root)) ? 'camunda' : null;
    DIALECTS.set(root, d);
  }
  return d ?? undefined;
}
