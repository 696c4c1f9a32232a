/**
 * `@handoff/pack-retention-win-back`: dispatched marketing for retention and win-back
 * (派单式营销: 高危客户挽留 / 离网客户赢回) as a Handoff process pack — IT support delivers the
 * list of high-risk and churned users, a DMN 1.3 decision table applies the source's
 * high-risk criteria and picks the targeted action, one work order per customer goes to the
 * community manager (a multi-instance task, one SLA clock per work order), the results come
 * back to the marketing team for the summary analysis; and the community manager + 10000
 * hotline pairing (the hotline takes the application and issues a work number, the manager
 * visits, shows the number, does the face-to-face part, the hotline closes the record).
 *
 * @example
 * ```ts
 * const engine = createEngine({ calendars: [retentionCalendar()] });
 * await engine.deploy(createRetentionPack());
 * const round = await startCampaign(engine, { period: '2026-03' });
 * const report = await retentionReport(engine, { from, to });
 * ```
 *
 * @packageDocumentation
 */
export { createRetentionPack, startCampaign, applyOnHotline, retentionBpmn, hotlineBpmn, retentionDmn, PACK_NAME, LANES, RETENTION_BPMN_URL, HOTLINE_BPMN_URL, DMN_URL } from './pack';
export type { RetentionPack, RetentionPackOptions, Lane } from './pack';
export { retentionCalendar, retentionSlaPolicies, RETENTION_PROCESS_ID, HOTLINE_PROCESS_ID, DEFAULT_CALENDAR, DEFAULT_LIMITS } from './sla';
export type { RetentionLimits, RetentionSlaId } from './sla';
export { defaultProgrammes, mergeProgrammes, suspensionGraceUntil, programmeSchema, programmesSchema, PROGRAMMES_URL } from './programmes';
export type { Programme } from './programmes';
export {
  campaignSchema,
  customerSchema,
  provideListSchema,
  reviewListSchema,
  workOrderResultSchema,
  summarySchema,
  applicationSchema,
  applicationStartSchema,
  appointmentSchema,
  verifySchema,
  faceToFaceSchema,
  closeSchema,
  reviewStoppedSchema,
  requiredStepsSchema,
  defaultRequiredSteps,
  taskSchemas,
  phoneSchema,
  workNumberSchema,
  CUSTOMER_STATUSES,
  OUTCOMES,
  APPLICATION_TYPES,
  APPLICATION_TYPE_NAMES,
  VISIT_STEPS,
  VISIT_STEP_NAMES,
  REQUIRED_STEPS_URL,
} from './schemas';
export type { CampaignInput, Customer, CustomerInput, CustomerStatus, Outcome, ApplicationInput, ApplicationType, VisitStep, RequiredSteps } from './schemas';
export { retentionReport, workOrdersOf, CRITERIA, CRITERION_NAMES, GRADES } from './report';
export type { RetentionReport, WorkOrderCounts, WorkOrderView, ClassifiedCustomer, Criterion, Grade } from './report';
export { hotlineReport, HOTLINE_OUTCOMES } from './hotlineReport';
export type { HotlineReport, ApplicationCounts, HotlineOutcome } from './hotlineReport';
export { retentionProfile, simulateRetention, RETENTION_RATES } from './simulation';
export type { RetentionRates, RetentionProfileOptions, RetentionSimulation, ChurnStudy } from './simulation';
export { customerBase, extractList, churnHazard, CUSTOMER_BASE_RATES } from './customerBase';
export type { BaseCustomer, CustomerBaseRates } from './customerBase';
