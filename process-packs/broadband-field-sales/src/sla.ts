/**
 * The pack's service levels as SLA policy config (`deploy({ sla })`, see docs/sla.md). The
 * BPMN file declares none: the numbers live here, each traced to the source
 * (`/work/shared/seeds/000_560bdd09ae0840ae.txt`, distilled in the domain spec
 * `broadband-field-sales.md`, "Service levels").
 *
 * The source does not say whether a clock counts working hours; every clock counts
 * wall-clock time (`24/7`) unless the host names a business calendar for it. The source
 * does not give a warning threshold either: the engine's default (80% of the limit) applies.
 *
 * @module
 */
import type { SlaPolicyConfig } from '@handoff/engine';

/** The process the policies apply to. */
export const PROCESS_ID = 'broadbandFieldSales';

/**
 * Callback limit: **30 minutes** from the customer's report to the hotline's callback.
 * Source: "回访时间: 30 分钟内" (step 3); the hotline's "callback timeliness" KPI (回访及时性).
 */
export const CALLBACK_LIMIT = 'PT30M';
/**
 * Fee-collection limit: **48 hours** from the "installed" reminder to the fee being recorded,
 * by the rep or at the hall. Source: "收费时限 48 小时" ("原则上", as a rule) and
 * "客户选择自行到厅交费" (the same clock applies at the hall).
 */
export const FEE_LIMIT = 'PT48H';
/**
 * Business-handling limit: **24 hours** from the fee being collected to the handling task
 * (业务代办, 工单返还) being completed. Source: "自收费起 24 小时内".
 */
export const HANDLING_LIMIT = 'PT24H';

/** Business calendar name per clock (each default `24/7`: the source is silent). */
export interface BroadbandSlaCalendars {
  callback?: string;
  fee?: string;
  handling?: string;
}

/** Supervisor role per lane, notified when a clock of that lane is breached. */
export interface BroadbandSupervisors {
  /** Default `hotlineSupervisor`. */
  hotline?: string;
  /** Default `fieldSalesSupervisor`. */
  fieldSales?: string;
  /** Default `hallSupervisor`. */
  hall?: string;
}

/** Options of {@link broadbandSlaPolicies}. */
export interface BroadbandSlaOptions {
  /** Business calendars (registered with `createEngine({ calendars })`) per clock. */
  calendars?: BroadbandSlaCalendars;
  /** Role names of the supervisors the breaches escalate to. */
  supervisors?: BroadbandSupervisors;
}

/**
 * The three SLA policies of the process:
 *
 * | id | starts | stops | limit | on breach, notify |
 * |---|---|---|---|---|
 * | `callback` | `customerReport` message received (also when buffered) | `callBack` completed | 30 min | `hotlineSupervisor` |
 * | `fee` | `install` completed (the "installed" reminder) | `collectFee` or `collectFeeAtHall` completed | 48 h | `fieldSalesSupervisor`, then `hallSupervisor` (step 1, same instant) |
 * | `handling` | `handleBusiness` entered (= the fee recorded) | `handleBusiness` completed | 24 h | `fieldSalesSupervisor` |
 *
 * The fee clock spans two lanes (the rep collects, or the hall does), so its breach notifies
 * both supervisors, as two escalation steps at the breach instant; a host that wants only
 * the lane actually collecting checks which fee task is open. A breach never closes a case.
 *
 * A report that reaches the engine before the case waits for it (the customer called while
 * the rep was still on site, which the rep guides: the normal case) is buffered; the callback
 * clock still starts at the instant the report was received (在客户报备30分钟内回访), not when
 * the case takes it from the buffer: a report at 09:10 during a visit closed at 09:25
 * breaches at 09:40. The callback-timeliness KPI counts these clocks, so it uses that
 * instant too.
 *
 * @example
 * ```ts
 * await engine.deploy({ bpmn, sla: broadbandSlaPolicies({ calendars: { fee: 'cn-office' } }) });
 * ```
 */
export function broadbandSlaPolicies(options: BroadbandSlaOptions = {}): SlaPolicyConfig[] {
  const cal = options.calendars ?? {};
  const s = options.supervisors ?? {};
  const sup = { hotline: s.hotline ?? 'hotlineSupervisor', fieldSales: s.fieldSales ?? 'fieldSalesSupervisor', hall: s.hall ?? 'hallSupervisor' };
  return [
    {
      id: 'callback',
      processId: PROCESS_ID,
      name: 'Callback within 30 minutes of the customer report (回访 30 分钟内)',
      // at: 'received' — from the instant the report reached the hotline, also when the case takes it later from the buffer
      start: { on: 'message.correlated', elementId: 'customerReport', messageName: 'customerReport', at: 'received' },
      stop: { on: 'task.completed', elementId: 'callBack' },
      calendar: cal.callback ?? '24/7',
      limit: CALLBACK_LIMIT,
      escalations: [{ notify: sup.hotline }],
    },
    {
      id: 'fee',
      processId: PROCESS_ID,
      name: 'Fee collected within 48 hours of installation (收费 48 小时)',
      start: { on: 'task.completed', elementId: 'install' },
      stop: [
        { on: 'task.completed', elementId: 'collectFee' },
        { on: 'task.completed', elementId: 'collectFeeAtHall' },
      ],
      calendar: cal.fee ?? '24/7',
      limit: FEE_LIMIT,
      escalations: [{ notify: sup.fieldSales }, { notify: sup.hall }],
    },
    {
      id: 'handling',
      processId: PROCESS_ID,
      name: 'Business handled within 24 hours of the fee (业务代办 24 小时)',
      start: { on: 'activity.entered', elementId: 'handleBusiness' },
      stop: { on: 'task.completed', elementId: 'handleBusiness' },
      calendar: cal.handling ?? '24/7',
      limit: HANDLING_LIMIT,
      escalations: [{ notify: sup.fieldSales }],
    },
  ];
}
