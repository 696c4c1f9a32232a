/**
 * User-task assignment: the lane, `camunda:*` attributes and `zeebe:assignmentDefinition`.
 *
 * @module
 */
import { splitList } from './compileNode';
import { ext } from './extensions';
import { staticOrFeel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { UserTaskDef } from './types';

/** User-task assignment from the lane, `camunda:*` attributes and `zeebe:assignmentDefinition`. */
export function compileUserTask(el: ModdleElement, values: ModdleElement[], role: string | undefined, problems: ProblemList): UserTaskDef {
  const z = ext(values, 'zeebe:AssignmentDefinition');
  const groupsText = (z?.candidateGroups as string | undefined) ?? (el.candidateGroups as string | undefined);
  const assigneeText = (z?.assignee as string | undefined) ?? (el.assignee as string | undefined);
  const users = (z?.candidateUsers as string | undefined) ?? (el.candidateUsers as string | undefined);
  if (users) {
    problems.add('UNSUPPORTED_FEATURE', el, 'Candidate users are not supported: access is by role.', 'put the people in a role and name it in candidate groups, or set an assignee.');
  }
  if (el.dueDate || el.followUpDate) {
    problems.add('UNSUPPORTED_FEATURE', el, 'Task due / follow-up dates are not supported.', 'express the limit as an SLA policy or a timer boundary event.');
  }
  const groups = staticOrFeel(groupsText, el, 'candidate groups', problems);
  const assignee = staticOrFeel(assigneeText, el, 'assignee', problems);
  const form = ext(values, 'zeebe:FormDefinition');
  const formKey = (form?.formKey as string | undefined) ?? (form?.formId as string | undefined) ?? (el.formKey as string | undefined);
  return {
    ...(role ? { role } : {}),
    candidateGroups: groups.value ? splitList(groups.value) : [],
    ...(groups.expr ? { candidateGroupsExpr: groups.expr } : {}),
    ...(assignee.value ? { assignee: assignee.value } : {}),
    ...(assignee.expr ? { assigneeExpr: assignee.expr } : {}),
    ...(formKey ? { formKey } : {}),
  };
}
