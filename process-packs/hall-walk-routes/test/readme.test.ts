/** The README's embedding example runs as written (docs that show code must not rot). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(import.meta.dirname, '../.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Feature: the pack README embedding example', () => {
  it('Scenario: the first TypeScript block runs: the warning, the breach, the extra counter and the call', () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const file = join(dir, 'example.mts');
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', file], { cwd: join(root, 'process-packs/hall-walk-routes'), encoding: 'utf8' });
    expect(out.split('\n').slice(0, 4)).toEqual([
      'ticket A001 to the counter',
      'greeter, please attend ticket A002 (waiting 7 min)',
      'duty manager: ticket A002 waited 10 min, opening a counter',
      'ticket A002 to the counter',
    ]);
    expect(out).toContain('capacity: 2');
  }, 60_000);
});
