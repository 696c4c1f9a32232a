/**
 * History time to live values (`camunda:historyTimeToLive`, the `historyTimeToLive`
 * options) as milliseconds.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import { toMs } from './duration';

const DAY_MS = 86_400_000;

/** A time to live as given: a number of days (`180`, or the string `'180'` as Camunda writes it) or an ISO 8601 duration (`'P30D'`, `'PT12H'`). */
export type TimeToLive = number | string;

/**
 * A time to live in milliseconds. Numbers and digit strings are days (Camunda's
 * `historyTimeToLive="180"`); other strings are ISO 8601 durations without years or months.
 * @throws InvalidArgumentError naming `field` for anything else (negative, `P1M`, `soon`).
 */
export function timeToLiveMs(value: unknown, field: string): number {
  const bad = (why: string): never => {
    throw new InvalidArgumentError(field, `${why}, got ${JSON.stringify(value)}`, "give a number of days (e.g. 30) or an ISO 8601 duration in days or hours (e.g. 'P30D', 'PT12H').");
  };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) bad('expected a number of days >= 0');
    return Math.round(value * DAY_MS);
  }
  if (typeof value !== 'string' || value.trim() === '') return bad('expected a number of days or an ISO 8601 duration');
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * DAY_MS;
  try {
    return toMs(text);
  } catch {
    return bad('expected a number of days or an ISO 8601 duration without years or months');
  }
}

