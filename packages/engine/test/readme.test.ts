/**
 * The README's first example runs as written (docs that show code must not rot).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(import.meta.dirname, '../.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Feature: the engine README example', () => {
  it('Scenario: the first TypeScript block runs and prints the trail', () => {
    // given
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const file = join(dir, 'example.ts');
    writeFileSync(file, code);
    // when: run from the repository root (the example reads examples/quickstart/callback.bpmn)
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', file], { cwd: root, encoding: 'utf8' });
    // then
    expect(out).toContain('Report the sale for role fieldSales');
    expect(out).toContain('Call the customer back for role hotline');
    expect(out).toContain("'timer.fired'");
  }, 60_000);
});
