/**
 * `handoff/user-task-role`: every user task sits in a lane or names candidate groups.
 *
 * Why: in Handoff a task may be claimed and completed only by an actor holding its role —
 * its lane, or its candidate groups. A user task with neither has no role: nobody sees it
 * in a work list by role, and only an explicit assignment could ever move the case on. That
 * is almost always a task drawn outside the pools' lanes by accident.
 *
 * @module
 */
import { extensionValues, is, ruleDocs, type Element, type LintRule } from '../moddle';

/** Ids of the flow nodes referenced by any lane of `laneSets` (nested lanes included). */
function laneMembers(laneSets: Element[] | undefined, into = new Set<string>()): Set<string> {
  for (const ls of laneSets ?? []) {
    for (const lane of (ls.lanes as Element[] | undefined) ?? []) {
      for (const ref of (lane.flowNodeRef as Element[] | undefined) ?? []) if (ref.id) into.add(ref.id);
      if (lane.childLaneSet) laneMembers([lane.childLaneSet as Element], into);
    }
  }
  return into;
}

/** Candidate groups from Camunda 7 (`camunda:candidateGroups`) or Camunda 8 (`zeebe:assignmentDefinition`). */
function candidateGroupsOf(task: Element): string | undefined {
  const zeebe = extensionValues(task).find((v) => is(v, 'zeebe:AssignmentDefinition'));
  const text = (zeebe?.candidateGroups as string | undefined) ?? (task.candidateGroups as string | undefined);
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** The rule factory. */
export default function userTaskRole(): LintRule {
  return {
    meta: { ...ruleDocs('user-task-role') },
    check(node, reporter) {
      if (!is(node, 'bpmn:Process')) return;
      const inLane = laneMembers(node.laneSets as Element[] | undefined);
      const visit = (container: Element, containerInLane: boolean) => {
        for (const el of (container.flowElements as Element[] | undefined) ?? []) {
          const laned = containerInLane || (el.id !== undefined && inLane.has(el.id));
          if (is(el, 'bpmn:UserTask') && !laned && !candidateGroupsOf(el)) {
            reporter.report(el.id, 'User task has no role: it is in no lane and names no candidate groups');
          }
          if (is(el, 'bpmn:SubProcess')) visit(el, laned);
        }
      };
      visit(node, false);
    },
  };
}
