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
 * | `DeployError` (`DEPLOY_FAILED`, with `problems[]`: the designer's file would be refused; nothing deployed) | 422 |
 * | `InvalidArgumentError`, `ClockError`, a malformed request (`BAD_REQUEST`: bad JSON, too deep, bad percent-encoding, a malformed session cookie) | 400 |
 * | a state-changing request from another origin (`CROSS_ORIGIN`) | 403 |
 * | a method the path does not have (`METHOD_NOT_ALLOWED`) | 405 |
 * | a body larger than the limit (`PAYLOAD_TOO_LARGE`) | 413 |
 * | a state-changing request that is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`) | 415 |
 * | a `Host` header that is not one of the server's origins (`MISDIRECTED`) | 421 |
 * | anything else (engine internals, the store, a bug) | 500: logged with an error id; the body carries the id and nothing else |
 *
 * @module
 */
import { DeployError, ForbiddenError, HandoffError, ValidationError, type DeployProblem } from '@handoff/engine';

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

/** The method is not one the path answers (the `Allow` header lists those it does). */
export class MethodNotAllowedError extends HandoffError {
  readonly allow: readonly string[];
  constructor(method: string, path: string, allow: readonly string[]) {
    super('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}.`, `send ${allow.join(' or ')} ${path} instead.`);
    this.allow = allow;
  }
}

/** A state-changing request sent by a page of another origin (cross-site request forgery). */
export class CrossOriginError extends HandoffError {
  constructor(from: string, allowed: readonly string[]) {
    super('CROSS_ORIGIN', `A state-changing request from ${from} was refused: only pages of [${allowed.join(', ')}] may change anything.`, 'send the request from the tasklist page itself; a host served under another address lists it in the origins option (HANDOFF_ORIGIN).');
  }
}

/** A state-changing request whose body is not declared as JSON (HTML forms cannot send `application/json`). */
export class UnsupportedMediaTypeError extends HandoffError {
  constructor(contentType: string | undefined) {
    super('UNSUPPORTED_MEDIA_TYPE', `A state-changing request must be sent as application/json, not ${contentType ? `'${contentType}'` : 'without a content-type'}.`, "set the header 'content-type: application/json' (with a JSON object as the body, or no body).");
  }
}

/** A body over the size limit. */
export class PayloadTooLargeError extends HandoffError {
  constructor(limit: number, hint = 'send a smaller JSON object: forms are a few hundred bytes.') {
    super('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`, hint);
  }
}

/** A `Host` header naming none of the server's origins (DNS rebinding, a wrong proxy setup). */
export class MisdirectedError extends HandoffError {
  constructor(host: string | undefined, allowed: readonly string[]) {
    super('MISDIRECTED', `This server does not answer for host '${host ?? ''}'.`, `open the tasklist at one of [${allowed.join(', ')}]; a host served under another address lists it in the origins option (HANDOFF_ORIGIN).`);
  }
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MISDIRECTED: 421,
  NOT_FOUND: 404,
  TASK_NOT_OPEN: 409,
  TASK_WAITING: 409,
  INSTANCE_NOT_ACTIVE: 409,
  VERSION_CONFLICT: 409,
  VALIDATION_FAILED: 422,
  DEPLOY_FAILED: 422,
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
    /** `DEPLOY_FAILED`: every problem deploy found, each with its element when it has one. */
    problems?: readonly DeployProblem[];
    /** `FORBIDDEN`: the roles that would have been allowed. */
    requiredRoles?: readonly string[];
    /** `INTERNAL`: the id the server logged the failure under. */
    errorId?: string;
  };
}

/**
 * HTTP status and body for an error thrown while handling a request. Only the refusals of the
 * table above carry their message; anything else is a 500 whose body holds `errorId` and no
 * detail (a database's message, a stack, a SQL state never leave the server).
 */
export function errorResponse(err: unknown, errorId: string): { status: number; body: ErrorBody } {
  const status = err instanceof HandoffError ? STATUS[err.code] : undefined;
  if (!(err instanceof HandoffError) || status === undefined) {
    return { status: 500, body: { error: { code: 'INTERNAL', message: `The server failed to handle the request (error id ${errorId}).`, hint: 'try again; if it keeps failing, give the error id to whoever runs the server: the log has the cause under it.', errorId } } };
  }
  const body: ErrorBody = { error: { code: err.code, message: err.message, hint: err.hint } };
  if (err.elementId !== undefined) body.error.elementId = err.elementId;
  if (err instanceof ValidationError) body.error.issues = err.issues.map((i) => ({ field: i.path.join('.'), path: [...i.path], code: i.code, message: i.message }));
  if (err instanceof ForbiddenError || err instanceof AccessDeniedError) body.error.requiredRoles = err.requiredRoles;
  if (err instanceof DeployError) body.error.problems = err.problems;
  return { status, body };
}
