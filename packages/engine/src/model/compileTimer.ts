/**
 * Timer event definitions: durations, dates, cycles, with an optional business calendar.
 *
 * @module
 */
import { InvalidTimerError } from '../errors';
import { parseTimerSpec } from '../time/timerSpec';
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
  if (text.startsWith('=') || /^[$#]\{/.test(text)) {
    const expr = feel(text, el, `timer ${kind}`, problems);
    if (expr) timer = { kind, expr, text, ...(calendar ? { calendar } : {}) };
  } else {
    try {
      timer = { kind, spec: parseTimerSpec(kind, text, { elementId: el.id! }), text, ...(calendar ? { calendar } : {}) };
    } catch (err) {
      if (!(err instanceof InvalidTimerError)) throw err;
      problems.add('INVALID_TIMER', el, err.message.split(' — ')[0]!, err.hint);
    }
  }
  if (timer && calendar) {
    if (kind !== 'duration') {
      problems.add('INVALID_TIMER', el, `handoff:calendar="${calendar}" applies to durations only; this timer is a ${kind}.`, 'use a timeDuration counted in working time (e.g. PT4H), or remove handoff:calendar.');
    } else if ('spec' in timer && timer.spec.kind === 'duration') {
      const dd = timer.spec.duration;
      if (dd.years || dd.months || dd.weeks) {
        problems.add('INVALID_TIMER', el, `Working time '${text}' on calendar '${calendar}' has weeks, months or years.`, 'express working time in working days, hours and minutes, e.g. P2D (the same local time on the 2nd working day) or PT16H.');
      }
    }
  }
  return timer ? { type: 'timer', timer } : undefined;
}
