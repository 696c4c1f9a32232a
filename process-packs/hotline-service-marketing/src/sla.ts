/**
 * The pack's service levels, recommendation windows, phase targets and the business review
 * team's calendar. The source binds only the marketing-share targets (18% in phase 2, 20% in
 * phase 3); every time limit here is the pack's own *default*, overridable by the host
 * (`createHotlineMarketingPack({ callLimit, hotlineLimit, ivrWindow, hallWindow, requirementLimit, calendar })`).
 *
 * | clock | starts | stops | default |
 * |---|---|---|---|
 * | `callHandling` | `handleRequest` entered (the call is queued to the agents) | `handleRequest` completed | `PT10M`, 24/7 (the hotline never closes) |
 * | `hotlineCompletion` | `completeOnHotline` entered | completed | `PT5M`, 24/7 |
 * | `ivrWindow` (BPMN `handoff:sla` on the IVR timer) | transferred to the IVR | the IVR reports the order; on breach the interrupting timer ends the recommendation as not succeeded | `PT10M`, 24/7 |
 * | `smsHallWindow`, `appHallWindow`, `webHallWindow` (on the hall timers) | recommended to the hall | the hall reports the order; on breach the timer ends it as not succeeded | `PT72H` (3 days), 24/7 |
 * | `requirementReview` | `raiseRequirement` entered | completed | `P5D` = 5 working days on `hotline-review-workdays` |
 *
 * @module
 */
import { businessCalendar, type BusinessCalendar, type SlaPolicyConfig } from '@handoff/engine';

/** The process id. */
export const PROCESS_ID = 'hotlineServiceMarketing';
/** Decision ids in the pack's DMN file. */
export const DECISIONS = { suggestion: 'marketingSuggestion', channel: 'recommendationChannel' } as const;
/** Name of the business review team's calendar. */
export const REVIEW_CALENDAR = 'hotline-review-workdays';
/** Answer and handle a call (queue + talk). */
export const CALL_LIMIT = 'PT10M';
/** Complete or book the business on the call. */
export const HOTLINE_LIMIT = 'PT5M';
/** The customer confirms in the IVR. */
export const IVR_WINDOW = 'PT10M';
/** The customer orders in the SMS, app or web hall. */
export const HALL_WINDOW = 'PT72H';
/** The business review team records a capability requirement. */
export const REQUIREMENT_LIMIT = 'P5D';

/** The three phases of the source (准备阶段; 探索交叉营销及精准营销; 与各部门联动的精准营销). */
export const PHASES = [1, 2, 3] as const;
export type Phase = (typeof PHASES)[number];
/** Marketing calls as a share of all calls, by phase (binding: 营销类占总话务量的18% / 20%); phase 1 prepares and has none. */
export const MARKETING_TARGETS: Readonly<Record<Phase, number | null>> = { 1: null, 2: 0.18, 3: 0.2 };

/**
 * The business review team's calendar: Monday–Friday 09:00–17:30, Asia/Shanghai. Pass
 * `holidays` / `workdays` (YYYY-MM-DD) for public holidays and make-up working days.
 */
export function hotlineReviewCalendar(options: { name?: string; holidays?: string[]; workdays?: string[] } = {}): BusinessCalendar {
  const day = ['09:00-12:00', '13:30-17:30'];
  return businessCalendar({
    name: options.name ?? REVIEW_CALENDAR,
    zone: 'Asia/Shanghai',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: options.holidays ?? [],
    workdays: options.workdays ?? [],
  });
}

/** Options of {@link hotlineMarketingSlaPolicies}. */
export interface HotlineMarketingSlaOptions {
  calendar?: string;
  callLimit?: string;
  hotlineLimit?: string;
  requirementLimit?: string;
}

/** The policies declared in pack config (the window clocks are declared on the BPMN timers). */
export function hotlineMarketingSlaPolicies(options: HotlineMarketingSlaOptions = {}): SlaPolicyConfig[] {
  return [
    {
      id: 'callHandling',
      processId: PROCESS_ID,
      name: 'Call answered and handled within 10 minutes (受理客户请求)',
      start: { on: 'activity.entered', elementId: 'handleRequest' },
      stop: { on: 'task.completed', elementId: 'handleRequest' },
      limit: options.callLimit ?? CALL_LIMIT,
    },
    {
      id: 'hotlineCompletion',
      processId: PROCESS_ID,
      name: 'Business completed or booked on the call within 5 minutes (人工台办理)',
      start: { on: 'activity.entered', elementId: 'completeOnHotline' },
      stop: { on: 'task.completed', elementId: 'completeOnHotline' },
      limit: options.hotlineLimit ?? HOTLINE_LIMIT,
    },
    {
      id: 'requirementReview',
      processId: PROCESS_ID,
      name: 'Capability requirement recorded within 5 working days (业务承载需求)',
      start: { on: 'activity.entered', elementId: 'raiseRequirement' },
      stop: { on: 'task.completed', elementId: 'raiseRequirement' },
      calendar: options.calendar ?? REVIEW_CALENDAR,
      limit: options.requirementLimit ?? REQUIREMENT_LIMIT,
    },
  ];
}
