/**
 * The benchmark fixtures. Every fixture is the same file for both engines except the XOR
 * one: Handoff evaluates FEEL only (`=approved = true`), bpmn-engine evaluates
 * `${environment.variables.approved}`, so `user-xor.bpmn` has a twin
 * `user-xor.bpmn-engine.bpmn` with the same graph and only the condition text changed.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(import.meta.dirname, 'fixtures');

/** One process to run on both engines. */
export interface BenchFixture {
  /** File name (the Handoff variant). */
  file: string;
  /** BPMN for Handoff. */
  handoffXml: string;
  /** BPMN for bpmn-engine (the same text unless the fixture holds an expression). */
  bpmnEngineXml: string;
  /** File bpmnEngineXml came from, when it differs. */
  bpmnEngineFile?: string;
  processId: string;
  /** Output a user task is completed with (Handoff) / variables set before the signal (bpmn-engine). */
  output: Record<string, unknown>;
  /** Element ids every instance must complete, in any order (checked on both engines before timing). */
  expectedPath: string[];
}

const read = (file: string) => readFileSync(join(FIXTURE_DIR, file), 'utf8');

function fixture(file: string, processId: string, expectedPath: string[], output: Record<string, unknown> = {}, bpmnEngineFile?: string): BenchFixture {
  const handoffXml = read(file);
  return {
    file,
    handoffXml,
    bpmnEngineXml: bpmnEngineFile ? read(bpmnEngineFile) : handoffXml,
    ...(bpmnEngineFile ? { bpmnEngineFile } : {}),
    processId,
    output,
    expectedPath,
  };
}

const range = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** All fixtures, in the order they are reported. */
export function loadFixtures(): BenchFixture[] {
  return [
    fixture('ten-tasks.bpmn', 'tenTasks', ['start', ...range(10, 'task'), 'end']),
    fixture('user-xor.bpmn', 'userXor', ['start', 'review', 'decide', 'approvedEnd'], { approved: true }, 'user-xor.bpmn-engine.bpmn'),
    fixture('three-user-tasks.bpmn', 'threeUserTasks', ['start', ...range(3, 'userTask'), 'end']),
    fixture('parallel-8.bpmn', 'parallel8', ['start', 'split', ...range(8, 'task'), 'join', 'end']),
    fixture('boundary-timer.bpmn', 'boundaryTimer', ['start', 'work', 'doneEnd']),
  ];
}
