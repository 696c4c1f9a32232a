/**
 * The pack's service levels and its default business calendar. The source gives no time
 * limits; every number here is the pack's own *default*, overridable by the host
 * (`createGroupOpportunityPack({ claimLimit, redispatchLimit, firstContactLimit, calendar })`).
 *
 * | clock | starts | stops | default |
 * |---|---|---|---|
 * | `claimAccountManager`, `claimSocialChannel` (BPMN `handoff:sla` on the claim timers) | claim task entered | claim task left (claimed or returned); after a breach the clock stays open, breached, until the case ends (engine behaviour) | `P1D` = 1 working day (the same local time on the next working day, clamped to its close); on breach the interrupting timer returns the opportunity to the operations center |
 * | `redispatch` | `dispatchByOperations` entered | `dispatchByOperations` completed | `PT4H` working time |
 * | `firstContactAccountManager`, `firstContactSocialChannel` | follow-up task entered (= claimed) | milestone `firstContact`, or the follow-up completed | `P2D` = 2 working days: claimed Monday 10:00, breached Wednesday 10:00 |
 *
 * @module
 */
import { businessCalendar, type BusinessCalendar, type SlaPolicyConfig } from '@handoff/engine';

/** The process id. */
export const PROCESS_ID = 'groupOpportunityTransfer';
/** Name of the default calendar (the one named in the BPMN file's `handoff:calendar`). */
export const DEFAULT_CALENDAR = 'group-opportunity-workdays';
/** Claim limit: 1 working day (`P1D` on the calendar: the same local time on the next working day). */
export const CLAIM_LIMIT = 'P1D';
/** Re-dispatch limit: 4 working hours. */
export const REDISPATCH_LIMIT = 'PT4H';
/** First customer contact after the claim: 2 working days (`P2D` on the calendar; the spec's count). */
export const FIRST_CONTACT_LIMIT = 'P2D';
/** The milestone a sales-service channel raises when it first reached the customer. */
export const FIRST_CONTACT_MILESTONE = 'firstContact';

/**
 * The default business calendar: Monday–Friday 09:00–18:00, Asia/Shanghai, no holidays.
 * Register it (`createEngine({ calendars: [groupOpportunityCalendar()] })`) or name the
 * host's own calendar in the pack options. Pass `holidays` / `workdays` (YYYY-MM-DD) to add
 * public holidays and make-up working days.
 */
export function groupOpportunityCalendar(options: { name?: string; holidays?: string[]; workdays?: string[] } = {}): BusinessCalendar {
  const day = ['09:00-18:00'];
  return businessCalendar({
    name: options.name ?? DEFAULT_CALENDAR,
    zone: 'Asia/Shanghai',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: options.holidays ?? [],
    workdays: options.workdays ?? [],
  });
}

/** Options of {@link groupOpportunitySlaPolicies}. */
export interface GroupOpportunitySlaOptions {
  calendar?: string;
  redispatchLimit?: string;
  firstContactLimit?: string;
}

/**
 * The policies declared in pack config (the claim clocks are declared in the BPMN file on
 * the claim timers, so the timer and the clock share one limit and one calendar).
 */
export function groupOpportunitySlaPolicies(options: GroupOpportunitySlaOptions = {}): SlaPolicyConfig[] {
  const calendar = options.calendar ?? DEFAULT_CALENDAR;
  const firstContact = (owner: 'AccountManager' | 'SocialChannel'): SlaPolicyConfig => ({
    id: `firstContact${owner}`,
    processId: PROCESS_ID,
    name: 'First customer contact within 2 working days of the claim (首次接触)',
    start: { on: 'activity.entered', elementId: `followUpBy${owner}` },
    stop: [{ on: 'milestone', name: FIRST_CONTACT_MILESTONE }, { on: 'task.completed', elementId: `followUpBy${owner}` }],
    elementId: `followUpBy${owner}`,
    calendar,
    limit: options.firstContactLimit ?? FIRST_CONTACT_LIMIT,
  });
  // The claim clocks are declared in the BPMN (handoff:sla on the claim timers). Known engine
  // behaviour: the interrupting timer cancels the claim task (no activity.left), so a breached
  // claim clock stays open (breached) until the case ends, then stops with sla.stopped.
  return [
    {
      id: 'redispatch',
      processId: PROCESS_ID,
      name: 'Re-dispatch by the operations center within 4 working hours (二次转移)',
      start: { on: 'activity.entered', elementId: 'dispatchByOperations' },
      stop: { on: 'task.completed', elementId: 'dispatchByOperations' },
      calendar,
      limit: options.redispatchLimit ?? REDISPATCH_LIMIT,
    },
    firstContact('AccountManager'),
    firstContact('SocialChannel'),
  ];
}
