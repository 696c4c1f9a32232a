import { describe, expect, it } from 'vitest';
import { progressBar, renderProgress } from '../src/progress';

describe('Feature: the progress bar of long simulations', () => {
  it.each([
    [0, 'run [--------------------]   0%'],
    [0.5, 'run [##########----------]  50%'],
    [0.999, 'run [###################-]  99%'],
    [1, 'run [####################] 100%'],
    [1.7, 'run [####################] 100%'],
    [-1, 'run [--------------------]   0%'],
    [Number.NaN, 'run [--------------------]   0%'],
  ])('Scenario: fraction %s renders as %j', (fraction, line) => {
    expect(renderProgress({ label: 'run', fraction })).toBe(line);
  });

  it('Scenario: the detail follows the percentage and the line is cut to the terminal width', () => {
    expect(renderProgress({ label: 'broadband', fraction: 0.25, detail: '4,500 cases · 2013-02-08' })).toBe('broadband [#####---------------]  25%  4,500 cases · 2013-02-08');
    expect(renderProgress({ label: 'broadband', fraction: 0.25, detail: 'x'.repeat(100), width: 40 })).toHaveLength(39);
  });

  it('Scenario: drawn on a terminal at most every 100 ms, erased at the end; nothing on a pipe', () => {
    // given a terminal and a clock we move by hand
    let out = '';
    let now = 0;
    const bar = progressBar({ write: (t: string) => (out += t), isTTY: true, columns: 80 }, 'run', () => now);
    // when
    bar.update(0.1);
    now = 50;
    bar.update(0.2); // too soon: skipped
    now = 150;
    bar.update(0.3, '3 cases');
    bar.done();
    // then
    expect(out).toBe('\r\x1b[Krun [##------------------]  10%\r\x1b[Krun [######--------------]  30%  3 cases\r\x1b[K');
    let piped = '';
    const quiet = progressBar({ write: (t: string) => (piped += t), isTTY: false }, 'run', () => 1e9);
    quiet.update(0.5);
    quiet.done();
    expect(piped).toBe('');
  });
});
