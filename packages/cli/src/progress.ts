/**
 * A progress bar on stderr for long simulations: drawn only when stderr is a terminal,
 * at most ten times a second, and erased when the run ends.
 *
 * @module
 */
import type { TextOut } from './io';

/** What one frame of the bar shows. */
export interface ProgressFrame {
  label: string;
  /** 0..1 (clamped). */
  fraction: number;
  /** Text after the percentage, e.g. `1,234 cases · 2013-02-14`. */
  detail?: string;
  /** Total width in columns (default 80). */
  width?: number;
}

/**
 * Render one frame as a single line (no newline): `label [#####-----]  42%  detail`,
 * cut to `width` columns.
 *
 * @example
 * ```ts
 * renderProgress({ label: 'broadband', fraction: 0.5, detail: '9,000 cases', width: 60 });
 * // 'broadband [##########----------]  50%  9,000 cases'
 * ```
 */
export function renderProgress(frame: ProgressFrame): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(frame.fraction) ? frame.fraction : 0));
  const width = frame.width ?? 80;
  const bar = 20;
  const filled = Math.floor(f * bar);
  const line = `${frame.label} [${'#'.repeat(filled)}${'-'.repeat(bar - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%${frame.detail ? `  ${frame.detail}` : ''}`;
  return line.length > width ? line.slice(0, Math.max(0, width - 1)) : line;
}

/** A live progress bar. `update` is cheap to call on every engine event. */
export interface ProgressBar {
  update(fraction: number, detail?: string): void;
  /** Erase the bar. */
  done(): void;
}

/**
 * A progress bar on `out`; a no-op when `out` is not a terminal (CI logs, pipes, tests).
 * @param now wall clock in ms (injectable for tests)
 */
export function progressBar(out: TextOut, label: string, now: () => number = () => performance.now()): ProgressBar {
  if (!out.isTTY) return { update: () => undefined, done: () => undefined };
  let last = -Infinity;
  let drawn = false;
  return {
    update(fraction, detail) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      drawn = true;
      out.write(`\r\x1b[K${renderProgress({ label, fraction, ...(detail !== undefined ? { detail } : {}), width: out.columns ?? 80 })}`);
    },
    done() {
      if (drawn) out.write('\r\x1b[K');
    },
  };
}
