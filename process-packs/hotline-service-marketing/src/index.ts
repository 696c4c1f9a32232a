/**
 * `@handoff/pack-hotline-service-marketing`: hotline service marketing (热线人工服务营销体系)
 * as a Handoff process pack — a 10086 human-service agent handles each call and may run one
 * of four marketing types (service, cross-selling, precision, active) suggested by a CRM
 * decision; a DMN table over the product list sends what the agent cannot complete to the
 * IVR, SMS hall, app hall or web hall; the channels report the orders; business no channel
 * completes becomes a capability requirement; the report counts business handled and
 * recommendations made / succeeded per channel, per agent or team, by day or month, with the
 * marketing share against the phase target (18% / 20%).
 *
 * @example
 * ```ts
 * const engine = createEngine({ calendars: [hotlineReviewCalendar()] });
 * await engine.deploy(createHotlineMarketingPack());
 * const inst = await receiveCall(engine, { callId: 'C1', customer: { msisdn: '13800000001' }, request: { kind: 'complaint', problem: '流量超支' } });
 * const report = await marketingReport(engine, { from, to, by: 'month', phase: 2 });
 * ```
 *
 * @packageDocumentation
 */
export { createHotlineMarketingPack, receiveCall, recordChannelOrder, hotlineMarketingBpmn, hotlineMarketingDmn, BPMN_URL, DMN_URL, PACK_NAME } from './pack';
export type { HotlineMarketingPack, HotlineMarketingPackOptions, ChannelOrderResult } from './pack';
export { hotlineReviewCalendar, hotlineMarketingSlaPolicies, PROCESS_ID, DECISIONS, REVIEW_CALENDAR, CALL_LIMIT, HOTLINE_LIMIT, IVR_WINDOW, HALL_WINDOW, REQUIREMENT_LIMIT, PHASES, MARKETING_TARGETS } from './sla';
export type { Phase, HotlineMarketingSlaOptions } from './sla';
export { LANES, LANE_NAMES, SERVICE_CHANNELS, RECOMMENDATION_CHANNELS, CHANNEL_NAMES, CHANNEL_LANE, MARKETING_TYPES, MARKETING_TYPE_NAMES, REQUEST_KINDS, PROFILES, ITEM_KINDS, TASK_LANE } from './channels';
export type { Lane, ServiceChannel, RecommendationChannel, RouteChannel, MarketingType, RequestKind, Profile, ItemKind, TaskId } from './channels';
export { productSchema, productListSchema, productCounts, sampleProducts, SAMPLE_PROBLEMS } from './products';
export type { Product, ProductInput, ProductCounts } from './products';
export { callSchema, callInputSchema, handleRequestSchema, completeOnHotlineSchema, raiseRequirementSchema, taskSchemas, offerOf, msisdnSchema, BRANDS } from './schemas';
export type { CallInput, Offer, Candidates, Brand } from './schemas';
export { callRecord } from './history';
export type { CallRecord } from './history';
export { marketingReport, aggregateCalls, marketingShare, marketingReportTable, formatMarketingReport, REPORT_COLUMNS, NO_TEAM } from './report';
export type { MarketingReport, MarketingReportRow, MarketingReportOptions, MarketingShare, ChannelCounts } from './report';
export { hotlineMarketingProfile, simulateHotlineMarketing, DEFAULT_AGENTS, PILOT, PILOT_AGENTS, PILOT_CALLS_PER_AGENT_DAY, HOTLINE_MARKETING_RATES, CALL_HOURS } from './simulation';
export type { SimulatedAgent, HotlineMarketingRates, HotlineMarketingProfileOptions, SimulateHotlineMarketingOptions, HotlineMarketingSimulation } from './simulation';
