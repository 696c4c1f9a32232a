import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ClockError } from '../../src/errors';
import { virtualClock } from '../../src/time/virtualClock';

describe('virtualClock', () => {
  it('starts at the given instant and moves only when told', async () => {
    // given a clock started at an ISO instant with a wake-up already due
    const clock = virtualClock('2026-03-02T09:00:00Z');
    const fired: number[] = [];
    clock.wakeAt(clock.now() - 1, () => void fired.push(clock.now()));
    // when nothing advances it
    // then time stands still and nothing fires
    expect(clock.now()).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(clock.kind).toBe('virtual');
    expect(fired).toEqual([]);
    expect(clock.pending()).toBe(1);
  });

  it('runs wake-ups by due time, then registration order, at their due time', async () => {
    // given wake-ups registered out of order, two at the same time
    const clock = virtualClock(0);
    const log: string[] = [];
    const at = (t: number, name: string) => clock.wakeAt(t, () => void log.push(`${name}@${clock.now()}`));
    at(30, 'A');
    at(10, 'B');
    at(30, 'C');
    at(20, 'D');
    at(101, 'late');
    // when the clock advances by 100 ms
    await clock.advance(100);
    // then B, D, A, C fire at their due times; the late one waits
    expect(log).toEqual(['B@10', 'D@20', 'A@30', 'C@30']);
    expect(clock.now()).toBe(100);
    expect(clock.pending()).toBe(1);
  });

  it('takes wake-ups registered by callbacks, including earlier ones, in order', async () => {
    // given a wake-up at 50 that registers one in the past, one at 55 and one past the target
    const clock = virtualClock(0);
    const log: string[] = [];
    const at = (t: number, name: string, then?: () => void) =>
      clock.wakeAt(t, async () => {
        log.push(`${name}@${clock.now()}`);
        await Promise.resolve();
        then?.();
      });
    at(50, 'parent', () => {
      at(40, 'past');
      at(55, 'soon');
      at(500, 'later');
    });
    at(60, 'other');
    // when the clock advances to 100
    await clock.advanceTo(100);
    // then the past one runs at once (at 50), then 55, then 60
    expect(log).toEqual(['parent@50', 'past@50', 'soon@55', 'other@60']);
    expect(clock.pending()).toBe(1);
  });

  it('advances by ISO durations, calendar parts in its zone', async () => {
    // given a clock on January 31 in Shanghai
    const clock = virtualClock('2026-01-31T10:00:00+08:00', { zone: 'Asia/Shanghai' });
    // when advanced by a month, then by an hour and a half
    await clock.advance('P1M');
    await clock.advance('PT1.5H');
    // then it is February 28 at 11:30 local time
    expect(clock.now()).toBe(Date.parse('2026-02-28T11:30:00+08:00'));
  });

  it.each([
    ['advance(-1)', (c: ReturnType<typeof virtualClock>) => c.advance(-1)],
    ["advance('-PT1H')", (c: ReturnType<typeof virtualClock>) => c.advance('-PT1H')],
    ['advanceTo(earlier)', (c: ReturnType<typeof virtualClock>) => c.advanceTo(999)],
  ])('refuses to go back: %s', async (_name, move) => {
    // given a clock at 1000
    const clock = virtualClock(1000);
    // when asked to move back
    const result = move(clock);
    // then a ClockError says a virtual clock never goes back, and time is unchanged
    await expect(result).rejects.toBeInstanceOf(ClockError);
    await expect(result).rejects.toMatchObject({ code: 'CLOCK_MISUSE', message: expect.stringContaining('never goes back') });
    expect(clock.now()).toBe(1000);
  });

  it('refuses malformed steps', async () => {
    const clock = virtualClock(0);
    await expect(clock.advance('soon')).rejects.toMatchObject({ code: 'INVALID_TIMER' });
    await expect(clock.advance(Number.NaN)).rejects.toMatchObject({ code: 'INVALID_TIMER' });
    expect(() => clock.wakeAt(Number.NaN, () => undefined)).toThrow(ClockError);
  });

  it('does not run cancelled wake-ups', async () => {
    // given two wake-ups, one cancelled (twice)
    const clock = virtualClock(0);
    const log: string[] = [];
    const cancel = clock.wakeAt(10, () => void log.push('cancelled'));
    clock.wakeAt(20, () => void log.push('kept'));
    cancel();
    cancel();
    // when time passes both
    expect(clock.pending()).toBe(1);
    await clock.advance(100);
    // then only the other one ran
    expect(log).toEqual(['kept']);
    expect(clock.pending()).toBe(0);
  });

  it('settle runs what is due without moving time', async () => {
    // given wake-ups due now, in the past, and later
    const clock = virtualClock(100);
    const log: string[] = [];
    clock.wakeAt(100, () => void log.push(`now@${clock.now()}`));
    clock.wakeAt(50, () => void log.push(`past@${clock.now()}`));
    clock.wakeAt(101, () => void log.push('later'));
    // when settled
    await clock.settle();
    // then the due ones ran at the current time, in due order
    expect(log).toEqual(['past@100', 'now@100']);
    expect(clock.now()).toBe(100);
    expect(clock.pending()).toBe(1);
  });

  it('serializes concurrent advances', async () => {
    // given a slow callback at 50 and a wake-up at 150
    const clock = virtualClock(0);
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    clock.wakeAt(50, async () => {
      log.push('slow start');
      await gate;
      log.push('slow end');
    });
    clock.wakeAt(150, () => void log.push(`second@${clock.now()}`));
    // when two advances are started together
    const first = clock.advance(100).then(() => log.push(`first done@${clock.now()}`));
    const second = clock.advance(100).then(() => log.push(`second done@${clock.now()}`));
    await Promise.resolve();
    await Promise.resolve();
    // then the second waits for the first, which waits for the slow callback
    expect(clock.now()).toBe(50);
    expect(log).toEqual(['slow start']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['slow start', 'slow end', 'first done@100', 'second@150', 'second done@200']);
  });

  it('finishes the loop, then rejects with the error of a failing callback', async () => {
    // given a failing wake-up before a healthy one
    const clock = virtualClock(0);
    const log: string[] = [];
    clock.wakeAt(10, () => {
      throw new Error('boom');
    });
    clock.wakeAt(20, () => void log.push('healthy'));
    // when advanced past both
    // then advance rejects with the error, after the healthy one ran and time reached the target
    await expect(clock.advance(100)).rejects.toThrow('boom');
    expect(log).toEqual(['healthy']);
    expect(clock.now()).toBe(100);
    // and the clock is still usable
    await expect(clock.advance(1)).resolves.toBeUndefined();
  });

  it('rejects with an AggregateError when several callbacks fail', async () => {
    // given two failing wake-ups, one async
    const clock = virtualClock(0);
    clock.wakeAt(10, () => {
      throw new Error('one');
    });
    clock.wakeAt(20, async () => {
      throw new Error('two');
    });
    // when advanced
    const err = await clock.advance(100).catch((e: unknown) => e);
    // then both errors are reported in order
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e: Error) => e.message)).toEqual(['one', 'two']);
  });

  it('handles tens of thousands of wake-ups and cancellations quickly', async () => {
    // given 50,000 wake-ups at pseudo-random times, every other one cancelled
    const clock = virtualClock(0);
    const fired: number[] = [];
    let x = 12345;
    for (let i = 0; i < 50_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      const at = x % 1_000_000;
      const cancel = clock.wakeAt(at, () => void fired.push(at));
      if (i % 2 === 0) cancel();
    }
    // when all of them fall due
    const started = performance.now();
    await clock.advance(1_000_000);
    // then the 25,000 live ones ran in order, fast
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fired).toHaveLength(25_000);
    expect(fired.every((t, i) => i === 0 || fired[i - 1]! <= t)).toBe(true);
  });
});

describe('virtualClock properties', () => {
  const wakeUps = fc.array(
    fc.record({ at: fc.integer({ min: 0, max: 1_000 }), child: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }) }),
    { maxLength: 40 },
  );
  const steps = fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(0)), { maxLength: 10 });

  test.prop([wakeUps, steps])(
    'every wake-up fires once, never early, in (at, registration) order, with now = max(previous now, at)',
    async (initial, advances) => {
      // given random wake-ups; some register a child wake-up `child` ms after they fire
      const clock = virtualClock(0);
      const registered: { id: number; at: number }[] = [];
      const fired: { id: number; at: number; now: number }[] = [];
      let lastNow = clock.now();
      const register = (at: number, child?: number) => {
        const id = registered.length;
        registered.push({ id, at });
        clock.wakeAt(at, () => {
          expect(clock.now()).toBe(Math.max(lastNow, at));
          lastNow = clock.now();
          fired.push({ id, at, now: clock.now() });
          if (child !== undefined) register(clock.now() + child);
        });
      };
      initial.forEach((w) => register(w.at, w.child));
      // when the clock advances by random steps, then past everything
      for (const step of advances) {
        await clock.advance(step);
        lastNow = clock.now();
      }
      await clock.advanceTo(clock.now() + 2_000 + 200 * initial.length);
      // then each fired exactly once, never before its time, in (at, id) order
      expect(fired.map((f) => f.id).sort((a, b) => a - b)).toEqual(registered.map((r) => r.id));
      fired.forEach((f) => expect(f.now).toBeGreaterThanOrEqual(f.at));
      fired.forEach((f, i) => {
        const prev = fired[i - 1];
        if (prev) expect(prev.at < f.at || (prev.at === f.at && prev.id < f.id)).toBe(true);
      });
      expect(clock.pending()).toBe(0);
    },
  );

  test.prop([
    fc.array(fc.record({ at: fc.integer({ min: 0, max: 500 }), child: fc.option(fc.integer({ min: -100, max: 100 }), { nil: undefined }), cancelAfter: fc.boolean() }), { maxLength: 30 }),
    fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 8 }),
  ])('matches a naive model, with past wake-ups and cancellations', async (plan, advances) => {
    // given wake-ups, some registering children in the past or future, some cancelled by their predecessor
    const clock = virtualClock(0);
    const log: string[] = [];
    const cancels: (() => void)[] = [];
    const register = (at: number, name: string, child?: number, cancelNext?: boolean) => {
      const index = cancels.length;
      cancels.push(
        clock.wakeAt(at, () => {
          log.push(`${name}@${clock.now()}`);
          if (child !== undefined) register(clock.now() + child, `${name}'`);
          if (cancelNext) cancels[index + 1]?.();
        }),
      );
    };
    plan.forEach((w, i) => register(w.at, `w${i}`, w.child, w.cancelAfter));
    // when advanced step by step
    for (const step of advances) await clock.advance(step);
    // then the log is what a naive list-based model produces
    expect(log).toEqual(naiveModel(plan, advances));
  });
});

/** The specified semantics, implemented the slow obvious way. */
function naiveModel(plan: { at: number; child?: number | undefined; cancelAfter: boolean }[], advances: number[]): string[] {
  type W = { at: number; seq: number; name: string; child?: number | undefined; cancelNext: boolean; index: number; live: boolean };
  const all: W[] = [];
  const log: string[] = [];
  let now = 0;
  const add = (at: number, name: string, child: number | undefined, cancelNext: boolean) =>
    all.push({ at, seq: all.length, name, child, cancelNext, index: all.length, live: true });
  plan.forEach((w, i) => add(w.at, `w${i}`, w.child, w.cancelAfter));
  for (const step of advances) {
    const target = now + step;
    for (;;) {
      const due = all.filter((w) => w.live && w.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.live = false;
      now = Math.max(now, due.at);
      log.push(`${due.name}@${now}`);
      if (due.child !== undefined) add(now + due.child, `${due.name}'`, undefined, false);
      if (due.cancelNext) {
        const next = all[due.index + 1];
        if (next) next.live = false;
      }
    }
    now = target;
  }
  return log;
}
