/**
 * Helpers for the business-calendar tests: the Shanghai sample calendar and readable
 * instant assertions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { calendarFromJson, type BusinessCalendar } from '../../src/index';

export const H = 3_600_000;
export const MIN = 60_000;

/** The raw sample file `calendars/cn-2026.sample.json`. */
export const sampleText = readFileSync(new URL('../../calendars/cn-2026.sample.json', import.meta.url), 'utf8');

/** The Shanghai sample calendar: Mon–Fri 09:00–12:00 and 13:30–18:00, 2026 holidays and make-up days. */
export const shanghai: BusinessCalendar = calendarFromJson(sampleText);

/** Epoch ms of a Shanghai wall-clock time, e.g. `sh('2026-03-02T09:00')`. */
export const sh = (local: string): number => Date.parse(`${local}:00+08:00`);

/** Asserts an epoch-ms result equals an ISO instant, comparing as UTC text so failures read well. */
export function expectInstant(actual: number, expected: string | number): void {
  expect(new Date(actual).toISOString()).toBe(new Date(expected).toISOString());
}

/** The error thrown by `fn` (fails the test when nothing is thrown). */
export function thrown(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a throw');
}
