/**
 * The guides' runnable examples run as written and print what the page says they print
 * (docs that show code must not rot): the last TypeScript block of docs/embedding.md and
 * docs/writing-a-pack.md, compared with the `text` block after it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
// Inside the example, so the snippet resolves the example's dependencies (engine, store, packs, testing, zod).
const dir = mkdtempSync(join(import.meta.dirname, '../.readme-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lastExample(page: string): { code: string; prints: string } {
  const md = readFileSync(join(root, 'docs', page), 'utf8');
  const blocks = [...md.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
  const at = blocks.map((b) => b.lang).lastIndexOf('ts');
  const prints = blocks[at + 1];
  if (at < 0 || prints?.lang !== 'text') throw new Error(`${page}: no ts block followed by a text block`);
  return { code: blocks[at]!.body, prints: prints.body.trim() };
}

function run(name: string, code: string): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, code);
  return execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', file], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).trim();
}

describe('Feature: the guides’ examples run', () => {
  it.each(['embedding.md', 'writing-a-pack.md'])('Scenario: the runnable example of docs/%s prints what the page shows', (page) => {
    const { code, prints } = lastExample(page);
    expect(run(page.replace('.md', ''), code)).toBe(prints);
  }, 120_000);
});
