/**
 * The arithmetic behind business calendars: working time as sorted intervals of epoch
 * milliseconds, computed once per day and then walked with plain arithmetic.
 *
 * **Definition.** An instant is working time when its local wall-clock date and time (in
 * the calendar's zone) fall inside a shift of that date. So a shift is read on the wall
 * clock: across a daylight-saving gap it is shortened by the skipped hour (a shift lying
 * wholly inside the gap is empty), across a repeated hour it lasts the real elapsed time
 * (01:00–02:00 on the New York fall-back day is two hours).
 *
 * **Chunks.** The time line is cut into fixed 24-hour chunks aligned on the zone's
 * standard-time midnight (see `zoneSegments.ts`, the only place luxon is called). A chunk's
 * working intervals are computed on first use and cached for the life of the calendar, in
 * pages of 512 days; touching intervals inside a chunk are merged. Queries then only index
 * chunks and walk intervals with arithmetic.
 *
 * @module
 * @internal
 */
import { InvalidArgumentError } from '../errors';
import type { CompiledCalendar } from './calendarConfig';
import { zoneSegments, type ZoneSegments } from './zoneSegments';

const DAY = 86_400_000;
/** Searches for working time give up after this many days without any (10 years). */
export const SEARCH_DAYS = 3_653;
/** Business calendars work on instants in [1900-01-01, 2200-01-01) UTC. */
export const MIN_INSTANT = Date.UTC(1900, 0, 1);
export const MAX_INSTANT = Date.UTC(2200, 0, 1);

/** One chunk: flat sorted disjoint `[start, end, …]` epoch ms, and their total length. */
interface Chunk {
  readonly iv: readonly number[];
  readonly total: number;
}

const PAGE_BITS = 9;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
const EMPTY: Chunk = Object.freeze({ iv: Object.freeze([]) as readonly number[], total: 0 });

/** Working-time arithmetic over one compiled calendar. Instants are integer epoch ms in range. */
export class WorkingTime {
  /** Chunk cache: pages of PAGE_SIZE chunks, allocated on first use, indexed from `minChunk − 2`. */
  private readonly pages: ((Chunk | undefined)[] | undefined)[];
  private readonly zone: ZoneSegments;
  /** Chunk c covers instants [c·DAY − align, (c+1)·DAY − align) (see {@link ZoneSegments}). */
  private readonly align: number;
  private readonly week: number[][];
  private readonly holidays: Set<number>;
  private readonly workdays: Set<number>;
  private readonly minChunk: number;
  private readonly maxChunk: number;
  /** False when no weekday has hours: nothing is ever working time. */
  readonly hasHours: boolean;

  constructor(
    cal: CompiledCalendar,
    private readonly onNoWorkingTime: (from: number, what: string) => Error,
  ) {
    this.zone = zoneSegments(cal.config.zone);
    this.week = cal.week;
    this.holidays = cal.holidays;
    this.workdays = cal.workdays;
    this.hasHours = cal.week.some((d) => d.length > 0);
    this.align = this.zone.align;
    this.minChunk = this.chunkIndex(MIN_INSTANT);
    this.maxChunk = this.chunkIndex(MAX_INSTANT - 1);
    this.pages = Array.from({ length: ((this.maxChunk - this.minChunk + 5) >> PAGE_BITS) + 1 }, () => undefined);
  }

  isWorking(t: number): boolean {
    const iv = this.chunk(this.chunkIndex(t)).iv;
    for (let i = 0; i < iv.length; i += 2) {
      if (t < iv[i]!) return false;
      if (t < iv[i + 1]!) return true;
    }
    return false;
  }

  /** The earliest s >= t with `d` ms of working time in [t, s). `d` > 0. */
  add(t: number, d: number): number {
    if (!this.hasHours) throw this.onNoWorkingTime(t, `add ${d} ms of working time`);
    if (d > MAX_INSTANT - t) throw outOfRange(t, 'working-time duration', 'adding the working time'); // working time never outruns elapsed time
    let c = this.chunkIndex(t);
    let iv = this.chunk(c).iv;
    let rem = d;
    for (let i = 0; i < iv.length; i += 2) {
      const e = iv[i + 1]!;
      if (e <= t) continue;
      const s = iv[i]! > t ? iv[i]! : t;
      if (rem <= e - s) return s + rem;
      rem -= e - s;
    }
    let empty = 0;
    for (;;) {
      if (++c > this.maxChunk) throw outOfRange(t, 'working-time duration', 'adding the working time');
      const ch = this.chunk(c);
      if (ch.total === 0) {
        if (++empty > SEARCH_DAYS) throw this.onNoWorkingTime(t, `add ${d} ms of working time`);
        continue;
      }
      empty = 0;
      if (rem > ch.total) {
        rem -= ch.total;
        continue;
      }
      iv = ch.iv;
      for (let i = 0; ; i += 2) {
        const s = iv[i]!;
        const len = iv[i + 1]! - s;
        if (rem <= len) return s + rem;
        rem -= len;
      }
    }
  }

  /** Working ms in [a, b). `a` <= `b`. */
  between(a: number, b: number): number {
    const ca = this.chunkIndex(a);
    const cb = this.chunkIndex(b);
    if (ca === cb) return overlap(this.chunk(ca).iv, a, b);
    let sum = overlap(this.chunk(ca).iv, a, b);
    for (let c = ca + 1; c < cb; c++) sum += this.chunk(c).total;
    return sum + overlap(this.chunk(cb).iv, a, b);
  }

  /** t when t is working time, else the start of the next working interval. */
  next(t: number): number {
    if (!this.hasHours) throw this.onNoWorkingTime(t, 'find the next working time');
    let c = this.chunkIndex(t);
    const iv = this.chunk(c).iv;
    for (let i = 0; i < iv.length; i += 2) {
      if (t < iv[i + 1]!) return iv[i]! > t ? iv[i]! : t;
    }
    for (let empty = 0; empty <= SEARCH_DAYS; empty++) {
      if (++c > this.maxChunk) throw outOfRange(t, 'instant', 'looking for the next working time');
      const ch = this.chunk(c);
      if (ch.total > 0) return ch.iv[0]!;
    }
    throw this.onNoWorkingTime(t, 'find the next working time');
  }

  private chunkIndex(t: number): number {
    return Math.floor((t + this.align) / DAY);
  }

  private chunk(c: number): Chunk {
    const k = c - this.minChunk + 2;
    const page = this.pages[k >> PAGE_BITS];
    const ch = page === undefined ? undefined : page[k & PAGE_MASK];
    return ch === undefined ? this.fill(c) : ch;
  }

  private fill(c: number): Chunk {
    const ch = this.compute(c);
    const k = c - this.minChunk + 2;
    if (k >= 0 && k >> PAGE_BITS < this.pages.length) {
      const p = k >> PAGE_BITS;
      const page = (this.pages[p] ??= Array.from({ length: PAGE_SIZE }, () => undefined));
      page[k & PAGE_MASK] = ch;
    }
    return ch;
  }

  /** Shifts of a local day number: flat ms after local midnight. */
  private shiftsOf(day: number): readonly number[] {
    if (this.holidays.has(day)) return EMPTY.iv;
    if (this.workdays.has(day)) return this.week[1]!;
    return this.week[(((day + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
  }

  private compute(c: number): Chunk {
    if (c < this.minChunk - 1 || c > this.maxChunk + 1) return EMPTY;
    // Wall-clock dates seen in this chunk lie within two days of c (offsets differ from
    // `align` by far less than that): when all of them are closed, no zone look-up is needed.
    let open = false;
    for (let day = c - 2; day <= c + 2 && !open; day++) open = this.shiftsOf(day).length > 0;
    if (!open) return EMPTY;
    const out: number[] = [];
    for (const seg of this.zone.segments(c)) {
      const o = seg.offset;
      for (let day = Math.floor((seg.from + o) / DAY); day * DAY < seg.to + o; day++) {
        const shifts = this.shiftsOf(day);
        const base = day * DAY - o;
        for (let i = 0; i < shifts.length; i += 2) {
          const lo = Math.max(base + shifts[i]!, seg.from);
          const hi = Math.min(base + shifts[i + 1]!, seg.to);
          if (lo >= hi) continue;
          // Segments come in time order and shifts sorted within a day, so `out` stays sorted.
          if (out.length && lo <= out[out.length - 1]!) out[out.length - 1] = Math.max(hi, out[out.length - 1]!);
          else out.push(lo, hi);
        }
      }
    }
    if (!out.length) return EMPTY;
    let total = 0;
    for (let i = 0; i < out.length; i += 2) total += out[i + 1]! - out[i]!;
    return Object.freeze({ iv: Object.freeze(out), total });
  }
}

/** Working ms of the sorted intervals `iv` inside [a, b). */
function overlap(iv: readonly number[], a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < iv.length; i += 2) {
    const s = iv[i]! > a ? iv[i]! : a;
    const e = iv[i + 1]! < b ? iv[i + 1]! : b;
    if (e > s) sum += e - s;
  }
  return sum;
}

function outOfRange(t: number, argument: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    argument,
    `${what} from ${new Date(t).toISOString()} goes past 2200-01-01, the end of the range business calendars support.`,
    'use a shorter duration or an earlier instant.',
  );
}
