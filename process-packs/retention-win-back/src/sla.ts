/**
 * The pack's service levels and its default business calendar. Seed 001 gives no time
 * limits: every limit here is the pack's own *default*, overridable by the host
 * (`createRetentionPack({ limits, calendar })`).
 *
 * | clock | process | starts | stops | default |
 * |---|---|---|---|---|
 * | `listDelivery` | retention | `provideList` task created | completed | `P1D`: IT support delivers the list within 1 working day |
 * | `listReview` | retention | `reviewList` created | completed | `P1D` |
 * | `workOrder` | retention | each `handleWorkOrder` inner instance created (one clock per work order) | that work order completed | `P3D`: handled within 3 working days |
 * | `summary` | retention | `summaryAnalysis` created | completed | `P2D` |
 * | `appointment` | hotline | the application (process started) | `makeAppointment` completed | `P1D`: appointment within 1 working day of the application |
 * | `stoppedVisitReview` | hotline | `reviewStoppedVisit` created | completed | `PT4H`: a wrong work number is checked the same working day |
 * | `hotlineClosure` | hotline | `closeOnHotline` created | completed | `P1D` |
 *
 * A working day (`P1D` on a calendar) is the same local time on the next working day,
 * clamped to its close (docs/calendars.md): a work order issued Monday 10:00 breaches
 * Thursday 10:00.
 *
 * @module
 */
import { businessCalendar, type BusinessCalendar, type SlaPolicyConfig } from '@handoff/engine';

/** The retention / win-back process (one instance per list). */
export const RETENTION_PROCESS_ID = 'retentionWinBack';
/** The community manager + 10000 hotline process (one instance per application). */
export const HOTLINE_PROCESS_ID = 'hotlineVisit';
/** Name of the default calendar. */
export const DEFAULT_CALENDAR = 'retention-workdays';

/** The default limits, working time on the calendar (every one a default: the source gives none). */
export const DEFAULT_LIMITS = {
  listDelivery: 'P1D',
  listReview: 'P1D',
  workOrder: 'P3D',
  summary: 'P2D',
  appointment: 'P1D',
  stoppedVisitReview: 'PT4H',
  hotlineClosure: 'P1D',
} as const;
/** The SLA ids. */
export type RetentionSlaId = keyof typeof DEFAULT_LIMITS;
/** Limits by SLA id. */
export type RetentionLimits = Record<RetentionSlaId, string>;

/**
 * The default business calendar: Monday–Friday 09:00–18:00, Asia/Shanghai, no holidays.
 * Pass `holidays` / `workdays` (YYYY-MM-DD) for public holidays and make-up working days.
 */
export function retentionCalendar(options: { name?: string; holidays?: string[]; workdays?: string[] } = {}): BusinessCalendar {
  const day = ['09:00-18:00'];
  return businessCalendar({
    name: options.name ?? DEFAULT_CALENDAR,
    zone: 'Asia/Shanghai',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: options.holidays ?? [],
    workdays: options.workdays ?? [],
  });
}

type Spec = { process: string; element: string; name: string; start?: SlaPolicyConfig['start'] };
const SPECS: Record<RetentionSlaId, Spec> = {
  listDelivery: { process: RETENTION_PROCESS_ID, element: 'provideList', name: 'IT support delivers the list (提供名单)' },
  listReview: { process: RETENTION_PROCESS_ID, element: 'reviewList', name: 'The marketing team reviews the classified list (审核分类分级)' },
  workOrder: { process: RETENTION_PROCESS_ID, element: 'handleWorkOrder', name: 'A work order handled by the community manager (工单处理)' },
  summary: { process: RETENTION_PROCESS_ID, element: 'summaryAnalysis', name: 'Summary analysis of the round (总结分析)' },
  appointment: { process: HOTLINE_PROCESS_ID, element: 'makeAppointment', name: 'Appointment made after the 10000 application (预约上门)', start: { on: 'process.started' } },
  stoppedVisitReview: { process: HOTLINE_PROCESS_ID, element: 'reviewStoppedVisit', name: 'The hotline checks a visit stopped on a wrong work number (核实终止的上门)' },
  hotlineClosure: { process: HOTLINE_PROCESS_ID, element: 'closeOnHotline', name: 'The hotline closes the application (回单归档)' },
};

/** The SLA policies of both processes on `calendar`, with `limits` (defaults {@link DEFAULT_LIMITS}). */
export function retentionSlaPolicies(options: { calendar?: string; limits?: Partial<RetentionLimits>; supervisor?: string } = {}): SlaPolicyConfig[] {
  const calendar = options.calendar ?? DEFAULT_CALENDAR;
  return (Object.keys(SPECS) as RetentionSlaId[]).map((id) => {
    const s = SPECS[id];
    return {
      id,
      processId: s.process,
      name: s.name,
      start: s.start ?? { on: 'task.created', elementId: s.element },
      stop: { on: 'task.completed', elementId: s.element },
      elementId: s.element,
      calendar,
      limit: options.limits?.[id] ?? DEFAULT_LIMITS[id],
      ...(options.supervisor ? { escalations: [{ notify: options.supervisor }] } : {}),
    };
  });
}
