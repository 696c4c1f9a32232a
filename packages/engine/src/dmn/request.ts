/**
 * A business rule task's decision, across the pipeline (decision 0020). `apply` stays pure:
 * the task asks for its decision as a request (like a call activity's child); the pipeline
 * resolves the deployed version (the binding decides, the store is read if needed),
 * evaluates it — a pure function of the decision and the variables — and applies the
 * outcome as a `decision.result` command, in the same transaction, before anything commits.
 *
 * @module
 */
import { DecisionError, HandoffError } from '../errors';
import type { CallBinding } from '../model/callActivity';
import { evaluateDecision } from './evaluate';
import type { DecisionEvaluation, DecisionModel } from './types';

/** What a business rule task asks the pipeline to evaluate. */
export interface DecisionRequest {
  /** Local id of the task's execution. */
  execution: number;
  elementId: string;
  decisionId: string;
  binding: CallBinding;
  /** The calling model's key (`deployment` binding). */
  processKey: string;
  /** The variables the task sees (its scope chain), as of the request. */
  variables: Record<string, unknown>;
}

/** The outcome the pipeline passes back: the evaluation (plain data), or why there is none. */
export type DecisionCallOutcome =
  | { ok: true; evaluation: DecisionEvaluation }
  /** `code`: `DECISION_NOT_FOUND` or one of {@link DecisionError}'s codes. */
  | { ok: false; code: string; message: string };

/** Resolve and evaluate the decision of `request`; a missing decision or a failed evaluation is an outcome, never a throw. */
export async function decide(request: DecisionRequest, resolve: (request: DecisionRequest) => Promise<DecisionModel>): Promise<DecisionCallOutcome> {
  let model: DecisionModel;
  try {
    model = await resolve(request);
  } catch (err) {
    if (!(err instanceof HandoffError) || err instanceof DecisionError) throw err;
    return { ok: false, code: 'DECISION_NOT_FOUND', message: `${request.elementId} cannot evaluate decision '${request.decisionId}': ${err.message} Deploy it and retry the incident.` };
  }
  try {
    return { ok: true, evaluation: structuredClone(evaluateDecision(model, request.variables)) };
  } catch (err) {
    if (!(err instanceof DecisionError)) throw err;
    return { ok: false, code: err.code, message: `${request.elementId}: ${err.message} Fix the variables or the decision (deploy a new version) and retry the incident.` };
  }
}
