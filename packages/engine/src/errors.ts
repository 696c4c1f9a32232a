/**
 * The engine's errors: a small hierarchy of named classes, each with a stable `code`,
 * the element / task / field at fault, and a message that ends with how to fix it.
 *
 * Every error thrown by a public API method is a {@link HandoffError}; a failed call
 * leaves the engine's state unchanged.
 *
 * @module
 */

import { formatPath } from './runtime/jsonValue';

/** Base class of every error the engine throws. `code` is stable across versions. */
export class HandoffError extends Error {
  /** Stable machine-readable code, e.g. `TASK_NOT_OPEN`. */
  readonly code: string;
  /** How to fix the problem, in one sentence. Also appended to `message`. */
  readonly hint: string;
  /** The BPMN element at fault, when there is one. */
  readonly elementId: string | undefined;

  constructor(code: string, message: string, hint: string, elementId?: string) {
    super(hint ? `${message} — ${hint}` : message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    this.elementId = elementId;
  }
}

/** One problem found while deploying a BPMN file. */
export interface DeployProblem {
  /** Stable code, e.g. `UNSUPPORTED_ELEMENT`, `FEEL_SYNTAX`, `INVALID_TIMER`. */
  code: string;
  /** Id of the element at fault (absent for file-level problems). */
  elementId?: string;
  /** BPMN type of the element at fault, e.g. `bpmn:ExclusiveGateway`. */
  elementType?: string;
  /** 1-based line in the XML, when known. */
  line?: number;
  message: string;
  hint: string;
}

/**
 * Thrown by `engine.deploy()` when a BPMN file cannot be run. Lists **every** problem
 * found, not only the first. Nothing is deployed.
 */
export class DeployError extends HandoffError {
  readonly problems: readonly DeployProblem[];
  constructor(problems: DeployProblem[], source?: string) {
    const head = `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${source ?? 'the BPMN file'}`;
    const lines = problems.map(
      (p) => `  - [${p.code}]${p.elementId ? ` ${p.elementId}` : ''}${p.elementType ? ` (${p.elementType})` : ''}${p.line ? ` line ${p.line}` : ''}: ${p.message} Hint: ${p.hint}`,
    );
    super('DEPLOY_FAILED', `${head}:\n${lines.join('\n')}\n`, 'fix the problems listed above and deploy again.', problems[0]?.elementId);
    this.problems = problems;
  }
}

/** One field that failed validation. `path` is the field's path, e.g. `['customer', 'phone']`. */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** Start variables or a task's output failed its registered schema. State is unchanged. */
export class ValidationError extends HandoffError {
  readonly issues: readonly ValidationIssue[];
  /** What was being validated, e.g. `start variables of process order` or `output of task t1`. */
  readonly subject: string;
  constructor(subject: string, issues: ValidationIssue[], elementId?: string) {
    // Paths print as `a.b.0.c` (stable: hosts and packs match on it); `formatPath` gives `a.b[0].c`.
    const list = issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
    super('VALIDATION_FAILED', `Invalid ${subject}: ${list}`, 'correct the fields named above and send the command again.', elementId);
    this.issues = issues;
    this.subject = subject;
  }
}

/** Which engine limit (see `createEngine({ limits })`). */
export type LimitName = 'maxVariableDepth' | 'maxVariableBytes' | 'maxInstanceVariablesBytes';

/**
 * Variables passed an engine limit (`createEngine({ limits })`): nested deeper than
 * `maxVariableDepth`, larger than `maxVariableBytes` for one command, or an instance whose
 * variables (or one command's history records) would grow past `maxInstanceVariablesBytes`.
 * Nothing changed. See docs/security.md.
 */
export class LimitError extends HandoffError {
  /** The limit that was passed. */
  readonly limit: LimitName;
  /** Its configured value (levels or bytes). */
  readonly max: number;
  /** What was being checked, e.g. `start variables of process order`. */
  readonly subject: string;
  /** The field where the walk passed the limit (`[]` for the whole value). */
  readonly path: readonly (string | number)[];
  constructor(limit: LimitName, max: number, subject: string, path: (string | number)[], elementId?: string) {
    const what =
      limit === 'maxVariableDepth'
        ? `nested deeper than ${max} levels at ${formatPath(path)}`
        : `larger than ${max} bytes of JSON${path.length ? ` (the limit was passed at ${formatPath(path)})` : ''}`;
    const hint =
      limit === 'maxVariableDepth'
        ? 'flatten the data (or store it outside the engine and pass a reference), or raise createEngine({ limits: { maxVariableDepth } }).'
        : limit === 'maxVariableBytes'
          ? 'pass less data (store documents outside the engine and pass a reference), or raise createEngine({ limits: { maxVariableBytes } }).'
          : 'remove variables the process no longer needs, store large data outside the engine, or raise createEngine({ limits: { maxInstanceVariablesBytes } }).';
    super('LIMIT_EXCEEDED', `${subject[0]!.toUpperCase()}${subject.slice(1)} ${limit === 'maxInstanceVariablesBytes' ? 'would be ' : 'are '}${what} (${limit}).`, hint, elementId);
    this.limit = limit;
    this.max = max;
    this.subject = subject;
    this.path = path;
  }
}

/** The actor does not hold the role the task requires. State is unchanged. */
export class ForbiddenError extends HandoffError {
  readonly taskId: string;
  readonly actorId: string;
  readonly requiredRoles: readonly string[];
  /** The task's candidate users (actor ids that may act without a role); empty when none. */
  readonly candidateUsers: readonly string[];
  constructor(taskId: string, actorId: string, action: string, requiredRoles: string[], elementId: string, reason?: string, candidateUsers: readonly string[] = []) {
    const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;
    // Who may act, in words: the roles, the candidate users, or both.
    const needs = [requiredRoles.length || !candidateUsers.length ? `one of the roles ${list(requiredRoles)}` : '', candidateUsers.length ? `to be one of the candidate users ${list(candidateUsers)}` : ''].filter(Boolean).join(' or ');
    const signIn = [requiredRoles.length || !candidateUsers.length ? `an actor holding one of ${list(requiredRoles)}` : '', candidateUsers.length ? `one of ${list(candidateUsers)}` : ''].filter(Boolean).join(' or as ');
    super(
      'FORBIDDEN',
      `Actor '${actorId}' may not ${action} task ${taskId} (${elementId}): ${reason ?? `it requires ${needs}`}.`,
      reason ? 'let the task\'s assignee act, or reassign the task first.' : `sign in as ${signIn}, or change the task's lane, candidate groups or candidate users.`,
      elementId,
    );
    this.taskId = taskId;
    this.actorId = actorId;
    this.requiredRoles = requiredRoles;
    this.candidateUsers = [...candidateUsers];
  }
}

/** The task is not in a state that allows the action (e.g. completed twice). */
export class TaskNotOpenError extends HandoffError {
  readonly taskId: string;
  readonly state: string;
  /** What was refused: `complete`, `claim`, … */
  readonly action: string;
  constructor(taskId: string, state: string, action: string, elementId?: string) {
    super('TASK_NOT_OPEN', `Cannot ${action} task ${taskId}${elementId ? ` (${elementId})` : ''}: it is ${state}.`, 'query the task\'s current state first; a completed or cancelled task cannot change again.', elementId);
    this.taskId = taskId;
    this.state = state;
    this.action = action;
  }
}

/**
 * The task waits for a free unit of its role's resource pool (state `waiting`): it cannot
 * be claimed, assigned or completed until the pool grants it (`task.granted`). State is
 * unchanged. See docs/resources.md.
 */
/**
 * A task command arrived while the task's listeners decide an earlier transition (its
 * creating, assigning or completing listener jobs are running). Nothing changed.
 */
export class TaskListenerPendingError extends HandoffError {
  readonly taskId: string;
  /** The transition the listeners decide: `creating`, `assigning` or `completing`. */
  readonly transition: string;
  constructor(taskId: string, transition: string, action: string, elementId: string) {
    super(
      'TASK_LISTENER_PENDING',
      `Cannot ${action} task ${taskId} (${elementId}): its ${transition} task listeners are still running.`,
      `wait for the task's next event (task.created, task.claimed, task.assigned, task.completed or task.denied), then ${action} again.`,
      elementId,
    );
    this.taskId = taskId;
    this.transition = transition;
  }
}

export class TaskWaitingError extends HandoffError {
  readonly taskId: string;
  /** The pool (role) the task waits for. */
  readonly role: string;
  constructor(taskId: string, role: string, action: string, elementId: string) {
    super(
      'TASK_WAITING',
      `Cannot ${action} task ${taskId} (${elementId}): it waits for a free '${role}' resource.`,
      `wait for its task.granted event (a '${role}' unit frees up when another '${role}' task completes or is cancelled), or raise the pool with engine.resources.setCapacity('${role}', n).`,
      elementId,
    );
    this.taskId = taskId;
    this.role = role;
  }
}

/** A task, instance, process, job, incident, resource pool or decision id that does not exist. */
export class NotFoundError extends HandoffError {
  readonly kind: 'task' | 'instance' | 'process' | 'job' | 'incident' | 'resource pool' | 'decision';
  readonly id: string;
  constructor(kind: NotFoundError['kind'], id: string, hint?: string) {
    super('NOT_FOUND', `No ${kind} '${id}'.`, hint ?? `check the ${kind} id; list ${kind}s with the engine's query methods.`);
    this.kind = kind;
    this.id = id;
  }
}

/** One reason a migration plan cannot be applied (`engine.instances.migrate`, docs/migration.md). */
export interface MigrationProblem {
  /** Stable code, e.g. `ELEMENT_REMOVED`, `KIND_MISMATCH`, `SLA_POLICY_REMOVED`. */
  code: string;
  /** The instance it concerns (absent for a problem of the plan itself, e.g. a mapping naming no element). */
  instanceId?: string;
  /** The source element at fault (the element a token, wait or record is on). */
  elementId?: string;
  /** The target element the plan maps it to, when there is one. */
  targetElementId?: string;
  message: string;
  /** How to fix it: a mapping to add or change, or what to wait for. */
  hint: string;
}

/**
 * Thrown by `engine.instances.migrate` when the plan cannot be applied to every instance:
 * lists **every** problem of every instance (instance id, element id, hint). No instance
 * was changed.
 */
export class MigrationError extends HandoffError {
  readonly problems: readonly MigrationProblem[];
  /** Instances already migrated before a problem was found (only when an instance changed between validation and its commit; otherwise empty). */
  readonly migrated: readonly string[];
  constructor(problems: MigrationProblem[], migrated: readonly string[] = []) {
    const head = `${problems.length} migration problem${problems.length === 1 ? '' : 's'}${migrated.length ? ` (after migrating ${migrated.join(', ')})` : '; no instance was changed'}`;
    const lines = problems.map((p) => `  - [${p.code}]${p.instanceId ? ` instance ${p.instanceId}` : ''}${p.elementId ? ` ${p.elementId}` : ''}${p.targetElementId ? ` → ${p.targetElementId}` : ''}: ${p.message} Hint: ${p.hint}`);
    super('MIGRATION_INVALID', `${head}:\n${lines.join('\n')}\n`, 'fix the plan (its mapping or target version) as the hints say, or wait until the instances leave the elements named, and migrate again.', problems[0]?.elementId);
    this.problems = problems;
    this.migrated = migrated;
  }
}

/** The instance is not in a state that accepts the command (e.g. it has completed). */
export class InstanceStateError extends HandoffError {
  readonly instanceId: string;
  constructor(instanceId: string, status: string, action: string) {
    super('INSTANCE_NOT_ACTIVE', `Cannot ${action} instance ${instanceId}: it is ${status}.`, 'only active instances accept commands; start a new instance instead.');
    this.instanceId = instanceId;
  }
}

/** Another writer changed the instance first (optimistic version check failed). */
export class ConcurrencyError extends HandoffError {
  /** The instance whose version differed, or `undefined` for a failed commit condition (see `reason`). */
  readonly instanceId: string | undefined;
  /** What changed first: `'version'`, or the failed condition (`'timer'`, `'message'`, `'subscription'`, `'deployment'`: the same process version was stored by another node). */
  readonly reason: 'version' | 'timer' | 'message' | 'subscription' | 'deployment';
  constructor(instanceId: string, expected: number, actual: number | undefined);
  constructor(reason: 'timer' | 'message' | 'subscription' | 'deployment', detail: string);
  constructor(a: string, b: number | string, actual?: number) {
    const version = typeof b === 'number';
    super(
      'VERSION_CONFLICT',
      version ? `Instance ${a} was changed concurrently (expected version ${b}, found ${actual ?? 'none'}).` : `The commit's ${a} condition failed: ${b}.`,
      'reload and retry the command; the engine retries automatically.',
    );
    this.instanceId = version ? a : undefined;
    this.reason = version ? 'version' : (a as ConcurrencyError['reason']);
  }
}

/**
 * The store could not be reached or could not do its work (a database server down or
 * restarting, a network cut, a connection that stalled past its timeout, a full disk).
 * Nothing of the failed operation was written — except for {@link CommitUnknownError}, where
 * that is not known. The engine keeps running and reports background failures on
 * `engine.error`; send the command again once the store is back.
 */
export class StoreUnavailableError extends HandoffError {
  /** What the store was doing, e.g. `commit`, `getInstance`, `acquireTimers`, `listen`. */
  readonly operation: string;
  /** The driver's error (a `pg` / PGlite error, a socket error, a timeout). */
  override readonly cause: unknown;
  /** PostgreSQL's SQLSTATE when the server said why (e.g. `57P01`, `53100`); absent for a lost connection. */
  readonly sqlState: string | undefined;
  constructor(operation: string, cause: unknown, options: { sqlState?: string; hint?: string; code?: string } = {}) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      options.code ?? 'STORE_UNAVAILABLE',
      `The store is unavailable (${operation}${options.sqlState ? `, SQLSTATE ${options.sqlState}` : ''}): ${why}`,
      options.hint ?? 'nothing of this operation was written; the store reconnects by itself — send the command again once the database is reachable.',
    );
    this.operation = operation;
    this.cause = cause;
    this.sqlState = options.sqlState;
  }
}

/**
 * The connection to the store was lost after a commit was sent and before its answer came:
 * the command may be wholly written or wholly absent (never in part), and it is not known
 * which. Never reported as success. Read the state back (e.g. `engine.instances.get`,
 * `engine.tasks.get`) once the store is back before sending the command again.
 */
export class CommitUnknownError extends StoreUnavailableError {
  constructor(cause: unknown, sqlState?: string) {
    super('commit', cause, {
      code: 'COMMIT_UNKNOWN',
      ...(sqlState !== undefined ? { sqlState } : {}),
      hint: 'the command is either wholly written or wholly absent; read the instance or task back once the store is reachable, and send the command again only if it is absent.',
    });
  }
}

/** A public API was called with an argument of the wrong shape. */
export class InvalidArgumentError extends HandoffError {
  readonly argument: string;
  constructor(argument: string, message: string, hint: string) {
    super('INVALID_ARGUMENT', `Invalid ${argument}: ${message}`, hint);
    this.argument = argument;
  }
}

/** An ISO 8601 duration, date or cycle that cannot be parsed. */
export class InvalidTimerError extends HandoffError {
  readonly value: string;
  constructor(value: string, message: string, hint: string, elementId?: string) {
    super('INVALID_TIMER', `Invalid timer value '${value}': ${message}`, hint, elementId);
    this.value = value;
  }
}

/** A virtual clock was asked to move backwards. */
export class ClockError extends HandoffError {
  constructor(message: string, hint: string) {
    super('CLOCK_MISUSE', message, hint);
  }
}

/**
 * A BPMN error, thrown by a service-task handler to take an error boundary event path
 * (`throw new BpmnError('PAYMENT_DECLINED')`). Not a failure of the handler: no retry.
 */
export class BpmnError extends Error {
  readonly errorCode: string;
  readonly variables: Record<string, unknown> | undefined;
  constructor(errorCode: string, message?: string, variables?: Record<string, unknown>) {
    super(message ?? `BPMN error ${errorCode}`);
    this.name = 'BpmnError';
    this.errorCode = errorCode;
    this.variables = variables;
  }
}

/**
 * A DMN decision could not be evaluated (`engine.decisions.evaluate`; a business rule task
 * makes it an incident with the same code): `DECISION_NOT_FOUND`, `DECISION_UNIQUE_VIOLATION`
 * (several rules of a UNIQUE table matched), `DECISION_ANY_CONFLICT` (ANY rules disagree),
 * `DECISION_INPUT_NOT_ALLOWED` / `DECISION_OUTPUT_NOT_ALLOWED` (a value outside the input /
 * output values), `DECISION_EXPRESSION_FAILED` (a FEEL error), `DECISION_NO_MATCH` and
 * `DECISION_RESULT` (the result does not fit the task's `camunda:mapDecisionResult`).
 * `decisionId` names the decision, `elementId` the rule, input or output at fault.
 */
export class DecisionError extends HandoffError {
  readonly decisionId: string;
  constructor(code: string, decisionId: string, message: string, hint: string, elementId?: string) {
    super(code, message, hint, elementId);
    this.decisionId = decisionId;
  }
}
