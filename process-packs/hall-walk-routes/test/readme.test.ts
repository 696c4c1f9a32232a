/** The README's embedding example runs as written (docs that show code must not rot). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../../../packages/engine/test/readmeExamples';

const { readme, blocks, run } = readmeExamples(join(import.meta.dirname, '..'));

describe('Feature: the pack README embedding example', () => {
  it('Scenario: the first TypeScript block runs: the warning, the breach, the extra counter and the call', () => {
    const out = run(blocks[0]!);
    expect(out.split('\n').slice(0, 4)).toEqual([
      'ticket A001 to the counter',
      'greeter, please attend ticket A002 (waiting 7 min)',
      'duty manager: ticket A002 waited 10 min, opening a counter',
      'ticket A002 to the counter',
    ]);
    expect(out).toContain('capacity: 2');
  }, 60_000);
});

describe('Feature: the README per-seed table', () => {
  it('Scenario: the summary row is the mean of the seed rows, and no placeholder is left', () => {
    const rows = [...readme.matchAll(/^\| (\d) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$/gm)].map((m) => m.slice(3).map(Number));
    expect(rows).toHaveLength(8);
    const summary = /^\| \*\*1–8\*\* \(mean\) \| \| ([\d.]+) \| \*\*([\d.]+)\*\* \| \*\*([\d.]+)\*\* \| ([\d.]+) \|$/m.exec(readme);
    expect(summary, 'the 1–8 row holds four numbers').not.toBeNull();
    const means = [0, 1, 2, 3].map((c) => (rows.reduce((s, r) => s + r[c]!, 0) / rows.length).toFixed(1));
    expect(summary!.slice(1)).toEqual(means);
    expect(readme).toContain(`longest wait averages\n${means[1]} min and the new hall's mean wait ${means[2]} min`);
  });
});
