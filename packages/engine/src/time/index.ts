/**
 * Time for the engine: ISO 8601 durations, BPMN timer definitions, and the injectable
 * clocks (virtual for tests, system for production).
 *
 * @module
 */
export type { Duration } from './duration';
export { parseDuration, addDuration, durationToMs, toMs, assertZone } from './duration';
export type { TimerSpec, TimerSpecOptions } from './timerSpec';
export { parseTimerSpec, parseDateTime, firstDue, nextDue, describeTimer } from './timerSpec';
export type { Clock, Instant } from './clock';
export { toEpochMs } from './clock';
export type { VirtualClock } from './virtualClock';
export { virtualClock } from './virtualClock';
export type { SystemClockOptions } from './systemClock';
export { systemClock } from './systemClock';
export type { BusinessCalendar, WorkingDuration } from './businessCalendar';
export { businessCalendar, calendarFromJson, ALWAYS } from './businessCalendar';
export type { BusinessCalendarConfig, Weekday } from './calendarConfig';
export { WEEKDAYS } from './calendarConfig';
