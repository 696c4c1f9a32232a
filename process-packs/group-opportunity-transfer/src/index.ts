/**
 * `@handoff/pack-group-opportunity-transfer`: group-business opportunity transfer
 * (集团业务商机转移) as a Handoff process pack — any contact channel captures a lead or
 * opportunity (六要素 validated), FEEL rules in the BPMN route it to a sales-service channel
 * (account manager, or core agent with dual coverage by the telephone account manager), the
 * receiver claims or returns it, the operations center re-dispatches by a person, and an
 * unclaimed opportunity returns to the operations center when the claim SLA breaches.
 *
 * @example
 * ```ts
 * const engine = createEngine({ calendars: [groupOpportunityCalendar()] });
 * await engine.deploy(createGroupOpportunityPack());
 * const inst = await captureOpportunity(engine, record);
 * const status = await getOpportunityStatus(engine, inst.id);
 * ```
 *
 * @packageDocumentation
 */
export { createGroupOpportunityPack, captureOpportunity, logFirstContact, groupOpportunityBpmn, defaultCapabilities, BPMN_URL, CAPABILITIES_URL, PACK_NAME } from './pack';
export type { GroupOpportunityPack, GroupOpportunityPackOptions } from './pack';
export { groupOpportunityCalendar, groupOpportunitySlaPolicies, PROCESS_ID, DEFAULT_CALENDAR, CLAIM_LIMIT, REDISPATCH_LIMIT, FIRST_CONTACT_LIMIT, FIRST_CONTACT_MILESTONE } from './sla';
export type { GroupOpportunitySlaOptions } from './sla';
export { CHANNELS, CONTACT_CHANNELS, SELF_HANDLING_CHANNELS, SALES_SERVICE_CHANNELS, CHANNEL_NAMES, TASK_CHANNEL } from './channels';
export type { Channel, ContactChannel, SelfHandlingChannel, SalesServiceChannel, TaskId } from './channels';
export {
  opportunitySchema,
  capabilitiesSchema,
  startSchema,
  phoneSchema,
  claimSchema,
  coverSchema,
  followUpSchema,
  dispatchSchema,
  handleOnWebsiteSchema,
  handleAtServiceHallSchema,
  handleOnHotlineSchema,
  handleByPhoneManagerSchema,
  taskSchemas,
  CUSTOMER_CLASSES,
  STAGES,
  STAGE_NAMES,
} from './schemas';
export type { OpportunityRecord, OpportunityInput, ProductCapabilities, CustomerClass, Stage } from './schemas';
export { getOpportunityStatus } from './status';
export type { OpportunityStatus, OpportunityStage, OpportunitySla } from './status';
export { transferHistory } from './history';
export type { TransferEntry } from './history';
export { opportunityReport } from './report';
export type { OpportunityReport } from './report';
export { groupOpportunityProfile, simulateGroupOpportunity, GROUP_OPPORTUNITY_RATES, OPPORTUNITY_PRODUCTS, CAPTURE_HOURS } from './simulation';
export type { GroupOpportunityRates, GroupOpportunityProfileOptions, GroupOpportunitySimulation, SimulateGroupOpportunityOptions } from './simulation';
