/**
 * The host's own refusals (not signed in, a role the host requires for starting a case or
 * viewing one) and the mapping of every error to an HTTP answer.
 *
 * The engine's errors carry a stable `code`, a `hint` and, for validation, field-level
 * `issues`; the API passes them on unchanged, so a client shows the engine's own words:
 *
 * | error | status |
 * |---|---|
 * | not signed in (`UNAUTHENTICATED`) | 401 |
 * | `ForbiddenError` / {@link AccessDeniedError} (`FORBIDDEN`) | 403 |
 * | `NotFoundError` (`NOT_FOUND`) | 404 |
 * | `TaskNotOpenError` (`TASK_NOT_OPEN`, e.g. completed twice), `TASK_WAITING`, `INSTANCE_NOT_ACTIVE`, `VERSION_CONFLICT` | 409 |
 * | `ValidationError` (`VALIDATION_FAILED`, with `issues[]`: path + message per field) | 422 |
 * | `InvalidArgumentError`, `ClockError`, a malformed request (`BAD_REQUEST`) | 400 |
 * | anything else | 500 (logged; the body says only that it failed) |
 *
 * @module
 */
import { ForbiddenError, HandoffError, ValidationError } from '@handoff/engine';

/** The request has no valid session. */
export class NotSignedInError extends HandoffError {
  constructor() {
    super('UNAUTHENTICATED', 'You are not signed in (or your session ended).', 'sign in with POST /api/session { "personId": "…" } and send the session cookie.');
  }
}

/** The host refuses an action the signed-in person's roles do not allow (same code as the engine's `ForbiddenError`). */
export class AccessDeniedError extends HandoffError {
  readonly requiredRoles: readonly string[];
  constructor(message: string, hint: string, requiredRoles: readonly string[] = []) {
    super('FORBIDDEN', message, hint);
    this.requiredRoles = requiredRoles;
  }
}

/** A request the API cannot read (bad JSON, missing body, unknown route parameters). */
export class BadRequestError extends HandoffError {
  constructor(message: string, hint: string) {
    super('BAD_REQUEST', message, hint);
  }
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TASK_NOT_OPEN: 409,
  TASK_WAITING: 409,
  INSTANCE_NOT_ACTIVE: 409,
  VERSION_CONFLICT: 409,
  VALIDATION_FAILED: 422,
  INVALID_ARGUMENT: 400,
  INVALID_TIMER: 400,
  CLOCK_MISUSE: 400,
  BAD_REQUEST: 400,
};

/** The JSON body of an error answer. */
export interface ErrorBody {
  error: {
    code: string;
    /** The whole message, ending with the hint (as the engine writes it). */
    message: string;
    hint: string;
    elementId?: string;
    /** `VALIDATION_FAILED`: one entry per field, `path` joined with dots (`need.product`). */
    issues?: { field: string; path: (string | number)[]; code: string; message: string }[];
    /** `FORBIDDEN`: the roles that would have been allowed. */
    requiredRoles?: readonly string[];
  };
}

/** HTTP status and body for an error thrown while handling a request. */
export function errorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (!(err instanceof HandoffError)) {
    return { status: 500, body: { error: { code: 'INTERNAL', message: 'The server failed to handle the request.', hint: 'try again; if it keeps failing, look at the server log.' } } };
  }
  const body: ErrorBody = { error: { code: err.code, message: err.message, hint: err.hint } };
  if (err.elementId !== undefined) body.error.elementId = err.elementId;
  if (err instanceof ValidationError) body.error.issues = err.issues.map((i) => ({ field: i.path.join('.'), path: [...i.path], code: i.code, message: i.message }));
  if (err instanceof ForbiddenError || err instanceof AccessDeniedError) body.error.requiredRoles = err.requiredRoles;
  return { status: STATUS[err.code] ?? 500, body };
}
