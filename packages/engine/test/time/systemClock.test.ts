import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockError } from '../../src/errors';
import { systemClock } from '../../src/time/systemClock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('systemClock (real timers)', () => {
  it('reads the wall clock', () => {
    // given the system clock
    const clock = systemClock();
    // when asked for the time
    // then it is Date.now()
    expect(clock.kind).toBe('system');
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
  });

  it('fires a short timer once, not before its due time', async () => {
    // given a wake-up 20 ms ahead
    const clock = systemClock();
    const at = clock.now() + 20;
    const firedAt: number[] = [];
    const fired = new Promise<void>((resolve) => clock.wakeAt(at, () => (firedAt.push(Date.now()), resolve())));
    // when it fires
    await fired;
    await sleep(30);
    // then it fired once, at or after its due time
    expect(firedAt).toHaveLength(1);
    expect(firedAt[0]).toBeGreaterThanOrEqual(at);
  });

  it('never fires a cancelled timer', async () => {
    // given a wake-up 10 ms ahead, cancelled at once
    const clock = systemClock();
    const callback = vi.fn();
    const cancel = clock.wakeAt(clock.now() + 10, callback);
    cancel();
    // when its time has long passed
    await sleep(50);
    // then it never ran
    expect(callback).not.toHaveBeenCalled();
  });

  it('runs a past-due callback asynchronously, never inside wakeAt', async () => {
    // given a wake-up already due
    const clock = systemClock();
    const callback = vi.fn();
    // when it is registered
    clock.wakeAt(clock.now() - 1_000, callback);
    // then it has not run yet, and runs shortly after
    expect(callback).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(callback).toHaveBeenCalledTimes(1));
  });

  it('splits long waits into maxDelay pieces and still fires once, on time', async () => {
    // given a clock whose longest single timer is 10 ms, and a wake-up 55 ms ahead
    const delays: number[] = [];
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const clock = systemClock({ maxDelay: 10 });
    const at = clock.now() + 55;
    const firedAt: number[] = [];
    const fired = new Promise<void>((resolve) => clock.wakeAt(at, () => (firedAt.push(Date.now()), resolve())));
    // when it fires
    await fired;
    spy.mock.calls.forEach((call) => delays.push(Number(call[1])));
    spy.mockRestore();
    await sleep(20);
    // then it was re-armed several times, never for more than 10 ms, and fired once on time
    expect(delays.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10);
    expect(firedAt).toHaveLength(1);
    expect(firedAt[0]).toBeGreaterThanOrEqual(at);
  });

  it('reports callback errors, sync or async, to onError', async () => {
    // given a clock with an error sink and two failing callbacks
    const errors: unknown[] = [];
    const clock = systemClock({ onError: (e) => errors.push(e) });
    clock.wakeAt(clock.now(), () => {
      throw new Error('sync');
    });
    clock.wakeAt(clock.now(), async () => {
      throw new Error('async');
    });
    // when they run
    // then both errors reach onError
    await vi.waitFor(() => expect(errors.map((e) => (e as Error).message).sort()).toEqual(['async', 'sync']));
  });

  it('refuses nonsense arguments', () => {
    expect(() => systemClock({ maxDelay: 0 })).toThrow(ClockError);
    expect(() => systemClock({ maxDelay: 2 ** 31 })).toThrow(ClockError);
    expect(() => systemClock().wakeAt(Number.NaN, () => undefined)).toThrow(ClockError);
  });
});

describe('systemClock (fake timers)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('waits three months with timers no longer than 2^31-1 ms', async () => {
    // given a wake-up 90 days ahead
    vi.useFakeTimers({ now: 0 });
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const clock = systemClock();
    const callback = vi.fn();
    const at = 90 * 86_400_000;
    clock.wakeAt(at, callback);
    // when time passes to just before it
    await vi.advanceTimersByTimeAsync(at - 1);
    // then it has not fired, and no timer was longer than the platform limit
    expect(callback).not.toHaveBeenCalled();
    expect(spy.mock.calls.every((call) => Number(call[1]) <= 2 ** 31 - 1)).toBe(true);
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(4);
    // and at its due time it fires once
    await vi.advanceTimersByTimeAsync(1);
    expect(callback).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 ** 32);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('re-arms instead of firing early when the wall clock is behind the timer', async () => {
    // given a wake-up at 1000, then the wall clock set back by 500 ms
    vi.useFakeTimers({ now: 0 });
    const clock = systemClock();
    const callback = vi.fn();
    clock.wakeAt(1_000, callback);
    vi.setSystemTime(-500);
    // when the timer goes off by the monotonic schedule
    await vi.advanceTimersByTimeAsync(1_000);
    // then the callback waits until Date.now() reaches 1000
    expect(Date.now()).toBeLessThan(1_000);
    expect(callback).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(callback).toHaveBeenCalledTimes(1);
  });
});
