/**
 * `@handoff/engine`: a deterministic BPMN 2.0 engine with lanes as roles, typed task
 * events and durable-store-ready state.
 *
 * @packageDocumentation
 */
export { createEngine, Engine } from './engine';
export type { EngineOptions, DeployOptions, InstanceInfo, IncidentInfo, CorrelationResult, CorrelationKeys, EngineErrorEvent, SignalResult } from './engine';
export { apply, Transition, DEFAULT_STEP_SETTINGS } from './runtime/apply';
export type { ApplyResult, CommandResult } from './runtime/apply';
export type * from './runtime/command';
export type { Effect, EffectType } from './runtime/effects';
export { effectsOf } from './runtime/effects';
export { newInstanceState } from './runtime/commands';
export type { StepSettings, JobRequest } from './runtime/step';
export { DEFAULT_MAX_STEPS } from './runtime/step';
export type { DeployInput, ProcessInfo } from './runtime/deployments';
export type { JobContext, JobHandler } from './runtime/jobs';
export { defaultRetryBackoff } from './runtime/jobs';
export type { SchemaLike } from './runtime/variables';
export { DEFAULT_LIMITS } from './runtime/limits';
export { formatPath } from './runtime/jsonValue';
export type { EngineLimits } from './runtime/limits';
export type { InstanceState, InstanceStatus, Execution, TaskState, TimerState, SubscriptionState, IncidentState } from './runtime/state';
export { STATE_SCHEMA_VERSION } from './runtime/state';
export { memoryStore } from './store/memoryStore';
export type { MemoryStore, MemoryStoreOptions } from './store/memoryStore';
export type * from './store/types';
export type { Actor, TaskRecord, TaskQuery, TaskStateName } from './tasks/types';
export { rolesOf, matchesTaskQuery } from './tasks/types';
export { validateTaskQuery, compareTasks, pageOf, TASK_SORTS, type TaskSort } from './tasks/query';
export { taskLifecycle, nextTaskState } from './tasks/lifecycle';
export type { ResourcePoolConfig, ResourcePoolsConfig, ResourcePoolStatus, ResourcesApi } from './resources/pools';
export type { TaskLifecycleEvent } from './tasks/lifecycle';
export type * from './events/types';
export { EVENT_TYPES } from './events/types';
export * from './errors';
export { systemClock } from './time/systemClock';
export { virtualClock } from './time/virtualClock';
export type { VirtualClock } from './time/virtualClock';
export type { Clock, Instant } from './time/clock';
export { toEpochMs } from './time/clock';
export { parseDuration, addDuration } from './time/duration';
export type { Duration } from './time/duration';
export { parseTimerSpec } from './time/timerSpec';
export type { TimerSpec } from './time/timerSpec';
export { uuidIds, sequentialIds } from './ids';
export type { IdSource } from './ids';
export type { ProcessModel, NodeModel, FlowModel, NodeKind } from './model/types';
export { parseBpmn } from './model/parse';
export { checkDefinitions } from './runtime/checkDefinitions';
export type { CheckDefinitionsOptions, DefinitionsCheck } from './runtime/checkDefinitions';
export { busyCycles, busyCycleMessage } from './model/cycles';
export type { CycleGraphNode, CycleGraphFlow } from './model/cycles';
export { businessCalendar, calendarFromJson, ALWAYS } from './time/businessCalendar';
export type { BusinessCalendar, WorkingDuration } from './time/businessCalendar';
export type { BusinessCalendarConfig, Weekday } from './time/calendarConfig';
export type { SlaAnchor, SlaEscalation, SlaPolicyConfig, SlaPolicy, SlaStage } from './sla/policy';
export type { SlaClockInfo } from './sla/tracker';
export { formatSlaReport } from './sla/report';
export type { SlaReport, SlaReportQuery, SlaReportRow, SlaGroupBy } from './sla/report';
