/** The README's code block runs as written against the workspace sources (docs that show code must not rot). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../../../packages/engine/test/readmeExamples';

const { readme, blocks, run } = readmeExamples(join(import.meta.dirname, '..'));

describe('Feature: the pack README example', () => {
  it('Scenario: the TypeScript block runs: the work order for the customer who complained twice, the application, the report', () => {
    // given the README's only TypeScript block
    expect(blocks).toHaveLength(1);
    // when it runs in the pack's folder (imports resolve to the workspace sources)
    const out = run(blocks[0]!);
    // then it prints what the README says it prints
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('C001 complaintsOrFaults cm-li 2026-03-02T01:00:00.000Z');
    expect(lines[1]).toBe('100001 cm-li');
    expect(lines[2]).toBe('1 2 {"issued":1,"done":1,"onTime":1,"breached":0,"retained":1,"wonBack":0,"declined":0,"unreachable":0,"open":0}');
    expect(readme).toContain('(`C001 complaintsOrFaults cm-li 2026-03-02T01:00:00.000Z`), the\napplication (`100001 cm-li`) and the report (`1 2 {"issued":1,"done":1,"onTime":1,…,"retained":1,…}`)');
  }, 60_000);
});
