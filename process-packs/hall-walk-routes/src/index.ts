/**
 * `@handoff/pack-hall-walk-routes`: the new-generation business hall's customer walk routes
 * (营业厅客户行走路径) as a Handoff process pack — greeters who identify needs and divert,
 * counters that only execute, self-service kiosks and e-channel PCs, the duty manager; the
 * 10-minute queue promise with a 7-minute warning; greeters, counters and kiosks as engine
 * resource pools; and a hall-day simulation.
 *
 * @example
 * ```ts
 * const engine = createEngine({ clock, resources: hallResources({ greeters: 4, counters: 3, kiosks: 5 }) });
 * await engine.deploy(createHallPack());
 * watchQueue(engine, { onWarning: (a) => askGreeter(a.ticket), onBreach: () => openExtraCounter(engine) });
 * ```
 *
 * @packageDocumentation
 */
export { createHallPack, hallResources, hallBpmn, BPMN_URL, PACK_NAME, LANES, ROUTE_JOB } from './pack';
export type { HallPack, HallPackOptions, HallLane, HallStaffing } from './pack';
export { ROUTES, ROUTING_URL, routeFor, defaultRouting, allAtCounterRouting, parseRoutingTable, routingTableSchema } from './routing';
export type { HallRoute, RoutingRule, RoutingTable } from './routing';
export { TERMINAL_MARKETING_STEPS } from './marketing';
export type { TerminalMarketingStep } from './marketing';
export { visitSchema, identifyNeedsSchema, terminalMarketingSchema, openCardAtKioskSchema, handleComplaintSchema, taskSchemas } from './schemas';
export { hallSlaPolicies, watchQueue, openExtraCounter, divertCustomer, PROCESS_ID, QUEUE_LIMIT, QUEUE_WARNING, QUEUE_SLA_IDS, COUNTER_TASKS, DIVERT_MESSAGE } from './sla';
export type { HallSlaOptions, QueueAlert } from './sla';
export { simulateHallDay, formatHallReport, waitStats, HALL_SCENARIOS, HALL_ZONE } from './simulation';
export type { HallScenario, HallScenarioName, HallServiceMinutes, SimulateHallDayOptions, HallDayReport, HallCustomer, WaitStats } from './simulation';
