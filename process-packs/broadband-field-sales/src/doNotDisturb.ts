/**
 * The do-not-disturb rule (客户免打扰标准): a customer who explicitly refused is not visited
 * again for **3 consecutive calendar months** from the refusal. The register is the host's
 * store of refusals; the pack asks it before every visit (`broadband.dnd-check`) and records
 * a refusal when the pitch fails (`broadband.dnd-record`).
 *
 * Calendar months are counted in `Asia/Shanghai`: a refusal at 2026-03-02 09:00 suppresses
 * visits until 2026-06-02 09:00 (exclusive); a refusal on 30 November lasts until 28 February
 * (luxon clamps to the month's last day).
 *
 * @module
 */
import { DateTime } from 'luxon';

/** How long a refusal suppresses visits, in calendar months (the source: 连续三个月). */
export const DO_NOT_DISTURB_MONTHS = 3;
/** The zone calendar months are counted in. */
export const DO_NOT_DISTURB_ZONE = 'Asia/Shanghai';

/**
 * Where refusals are kept, per phone number. Back it with the host's database so refusals
 * survive restarts and are shared by every engine node; {@link memoryDoNotDisturbRegister}
 * is for tests and demos.
 */
export interface DoNotDisturbRegister {
  /** Is a visit to `phone` at `at` (epoch ms) inside a do-not-disturb window? */
  isSuppressed(phone: string, at: number): Promise<boolean>;
  /** The customer with `phone` refused at `at` (epoch ms): a window of 3 calendar months starts. */
  recordRefusal(phone: string, at: number): Promise<void>;
}

/**
 * When the do-not-disturb window of a refusal at `refusedAt` ends (epoch ms, exclusive):
 * 3 calendar months later in Asia/Shanghai.
 *
 * @example
 * ```ts
 * suppressedUntil(Date.parse('2026-03-02T09:00:00+08:00')) === Date.parse('2026-06-02T09:00:00+08:00');
 * ```
 */
export function suppressedUntil(refusedAt: number): number {
  return DateTime.fromMillis(refusedAt, { zone: DO_NOT_DISTURB_ZONE }).plus({ months: DO_NOT_DISTURB_MONTHS }).toMillis();
}

/** A {@link DoNotDisturbRegister} in memory, with a look at what it holds (for tests). */
export interface MemoryDoNotDisturbRegister extends DoNotDisturbRegister {
  /** The latest refusal per phone (epoch ms). */
  refusals(): ReadonlyMap<string, number>;
}

/**
 * A register in memory: the latest refusal per phone. Lost on restart and not shared
 * between processes — hosts implement {@link DoNotDisturbRegister} on their own store.
 *
 * @example
 * ```ts
 * const register = memoryDoNotDisturbRegister();
 * await register.recordRefusal('13800000001', Date.parse('2026-01-02T09:00:00+08:00'));
 * await register.isSuppressed('13800000001', Date.parse('2026-03-02T09:00:00+08:00')); // true
 * ```
 */
export function memoryDoNotDisturbRegister(): MemoryDoNotDisturbRegister {
  const latest = new Map<string, number>();
  return {
    async isSuppressed(phone, at) {
      const refusedAt = latest.get(phone);
      return refusedAt !== undefined && refusedAt <= at && at < suppressedUntil(refusedAt);
    },
    async recordRefusal(phone, at) {
      const prev = latest.get(phone);
      if (prev === undefined || prev < at) latest.set(phone, at);
    },
    refusals: () => new Map(latest),
  };
}
