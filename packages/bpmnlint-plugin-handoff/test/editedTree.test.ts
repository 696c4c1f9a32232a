/**
 * A modeler lints the same moddle tree again after every edit (bpmn-js-bpmnlint, Camunda
 * Modeler's linter): each pass must see the tree as it is now. Regression: the deploy checks
 * were memoized on the tree object, so a fixed mistake stayed reported until the file was
 * reopened (found running the rules in @handoff/modeler's Chromium harness).
 */
import { createRequire } from 'node:module';
import { parseBpmn } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { fixture, resolver } from './support';

const { Linter } = createRequire(import.meta.url)('bpmnlint') as { Linter: new (o: { config: unknown; resolver: unknown }) => { lint(root: unknown): Promise<Record<string, { id?: string; message: string }[]>> } };

describe('Feature: one tree, linted again after each edit', () => {
  it('Scenario: a limit in weeks is reported, then fixed in place, then reported again when broken again', async () => {
    // given the SLA fixture's tree, held the way a modeler holds it, and one linter (bpmnlint caches rules per linter)
    const { definitions } = await parseBpmn(fixture('deployable-sla.fail.bpmn'));
    const linter = new Linter({ config: { rules: { 'handoff/deployable': 'error' } }, resolver });
    const ids = async () => ((await linter.lint(definitions))['handoff/deployable'] ?? []).map((r) => r.id);
    const inDays = findById(definitions, 'inDays');
    const duration = (inDays.eventDefinitions as Node[])[0]!.timeDuration as Node;
    // when / then: reported
    expect(await ids()).toContain('inDays');
    // when the limit is fixed in the same tree, then the next pass does not report it
    const broken = duration.body;
    duration.body = 'PT30M';
    expect(await ids()).not.toContain('inDays');
    // when it is broken again, then it is reported again
    duration.body = broken;
    expect(await ids()).toContain('inDays');
  });
});

type Node = Record<string, unknown> & { id?: string };

/** The element with `id` in a moddle tree (a plain walk over flow elements and root elements). */
function findById(root: unknown, id: string): Node {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop() as Node | undefined;
    if (!n || typeof n !== 'object' || seen.has(n)) continue;
    seen.add(n);
    if (n.id === id && (n as { $type?: string }).$type) return n;
    for (const k of ['rootElements', 'flowElements']) for (const c of (n[k] as unknown[] | undefined) ?? []) stack.push(c);
  }
  throw new Error(`no element ${id}`);
}
