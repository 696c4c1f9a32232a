/**
 * UTC offsets of an IANA zone, day by day, for business calendars: the time line is cut
 * into 24-hour chunks aligned on the zone's standard-time midnight, and each chunk into
 * segments of constant offset. Looked up with luxon once per zone and chunk, then shared by
 * every calendar in that zone (module-level cache; the data only depends on the zone).
 *
 * Offsets are sampled at each chunk's start, middle and end, and a change is located to
 * the millisecond by bisection. Two changes within twelve hours that cancel out would be
 * missed; no zone has such rules.
 *
 * @module
 * @internal
 */
import { IANAZone } from 'luxon';

const DAY = 86_400_000;
const HALF_DAY = DAY / 2;

/** A stretch of time [from, to) with one UTC offset (ms). */
export interface Segment {
  readonly from: number;
  readonly to: number;
  readonly offset: number;
}

/** Offsets of one zone, chunk by chunk. Obtain with {@link zoneSegments}. */
export class ZoneSegments {
  /** Chunk c covers instants [c·DAY − align, (c+1)·DAY − align). */
  readonly align: number;
  private readonly zone: IANAZone;
  private readonly byChunk = new Map<number, readonly Segment[]>();
  /** Offsets at chunk starts, shared between neighbouring chunks. */
  private readonly atStart = new Map<number, number>();

  constructor(zone: string) {
    this.zone = IANAZone.create(zone);
    this.align = Math.min(this.offset(Date.UTC(2026, 0, 1)), this.offset(Date.UTC(2026, 6, 1)));
  }

  /** The chunk holding instant t. */
  chunkOf(t: number): number {
    return Math.floor((t + this.align) / DAY);
  }

  /** The chunk's constant-offset segments, in time order, covering it exactly. */
  segments(c: number): readonly Segment[] {
    let segs = this.byChunk.get(c);
    if (segs === undefined) {
      segs = Object.freeze(this.compute(c));
      this.byChunk.set(c, segs);
    }
    return segs;
  }

  private compute(c: number): Segment[] {
    const from = c * DAY - this.align;
    const to = from + DAY;
    const probes = [from, from + HALF_DAY, to];
    const offsets = [this.startOffset(c), this.offset(from + HALF_DAY), this.startOffset(c + 1)];
    const segs: Segment[] = [];
    let start = from;
    let current = offsets[0]!;
    for (let i = 1; i < probes.length; i++) {
      if (offsets[i] === current) continue;
      // The first ms with a different offset in (probes[i − 1], probes[i]].
      let lo = probes[i - 1]!;
      let hi = probes[i]!;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.offset(mid) === current) lo = mid;
        else hi = mid;
      }
      if (hi >= to) break; // the change happens at the next chunk's start
      segs.push({ from: start, to: hi, offset: current });
      start = hi;
      current = offsets[i]!;
    }
    segs.push({ from: start, to, offset: current });
    return segs;
  }

  private startOffset(c: number): number {
    let o = this.atStart.get(c);
    if (o === undefined) {
      o = this.offset(c * DAY - this.align);
      this.atStart.set(c, o);
    }
    return o;
  }

  /** UTC offset at t, ms. */
  private offset(t: number): number {
    return Math.round(this.zone.offset(t) * 60_000);
  }
}

const zones = new Map<string, ZoneSegments>();

/** The shared {@link ZoneSegments} of a valid IANA zone name. */
export function zoneSegments(zone: string): ZoneSegments {
  let z = zones.get(zone);
  if (z === undefined) {
    z = new ZoneSegments(zone);
    zones.set(zone, z);
  }
  return z;
}
