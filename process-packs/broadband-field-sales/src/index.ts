/**
 * `@handoff/pack-broadband-field-sales`: the three-post broadband field-sales flow
 * (三岗协同宽带行销流程) as a Handoff process pack — field sales rep, hotline agent,
 * installer and business hall; the 3-month do-not-disturb rule; the 30-minute callback,
 * 48-hour fee and 24-hour handling service levels.
 *
 * @example
 * ```ts
 * const engine = createEngine({ clock });
 * await engine.deploy(createBroadbandPack({ register: myRegister, now: () => clock.now(), openAccount: myProvisioning }));
 * ```
 *
 * @packageDocumentation
 */
export { createBroadbandPack, reportCustomerCall, simulatedOpenAccount, broadbandBpmn, BPMN_URL, PACK_NAME, JOB_TYPES, CUSTOMER_REPORT, CUSTOMER_REPORT_TTL } from './pack';
export type { BroadbandPack, BroadbandPackOptions, BroadbandLane } from './pack';
export { memoryDoNotDisturbRegister, suppressedUntil, DO_NOT_DISTURB_MONTHS, DO_NOT_DISTURB_ZONE } from './doNotDisturb';
export type { DoNotDisturbRegister, MemoryDoNotDisturbRegister } from './doNotDisturb';
export { broadbandSlaPolicies, PROCESS_ID, CALLBACK_LIMIT, FEE_LIMIT, HANDLING_LIMIT } from './sla';
export type { BroadbandSlaCalendars, BroadbandSlaOptions, BroadbandSupervisors } from './sla';
export {
  caseSchema,
  phoneSchema,
  gridSchema,
  channelSchema,
  taskSchemas,
  visitCustomerSchema,
  callBackSchema,
  explainReasonSchema,
  collaborateSchema,
  secondMarketingSchema,
  installSchema,
  collectFeeSchema,
  collectFeeAtHallSchema,
  handleBusinessSchema,
} from './schemas';
export type { BroadbandCase, BroadbandCaseInput, BroadbandTaskId, BroadbandTaskOutput } from './schemas';
export { broadbandKpis, caseFacts } from './kpi';
export type { BroadbandKpiRow, KpiGroupBy } from './kpi';
export { broadbandProfile, simulateBroadband, BROADBAND_FUNNEL, VISIT_HOURS } from './simulation';
export type { BroadbandFunnel, BroadbandProfileOptions, BroadbandSimulation, SimulateBroadbandOptions } from './simulation';
