/**
 * Compiled DMN 1.3 decisions: built once at deploy from the XML, immutable, evaluated many
 * times without re-parsing (every FEEL text is compiled at deploy).
 *
 * @module
 */
import type { Expression } from '../model/expressions';

/** The hit policies of DMN 1.3 decision tables. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** COLLECT's aggregations. */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** A compiled unary test (an input entry, an item of an input / output values list). */
export interface UnaryTest {
  /** The source text (`-` for an empty entry). */
  readonly source: string;
  /**
   * A native predicate for the simple shapes (literals, comparisons and intervals over
   * number or string literals, lists of them, `not(…)` of a list, `-`), with FEEL's answers;
   * absent: {@link UnaryTest.test} decides.
   */
  readonly match?: (value: unknown) => boolean;
  /** Does the input (under `?`) pass the test, in a context already coerced to FEEL values? */
  readonly test?: (context: Record<string, unknown>) => { value: boolean | null; warnings: readonly { message: string }[] };
}

/** A compiled input expression: its raw FEEL value (dates stay dates), or the error. */
export interface RawExpression {
  readonly source: string;
  evaluate(variables: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: string };
}

/** A decision table input: its expression and its allowed values. */
export interface TableInput {
  readonly id: string;
  readonly label?: string;
  readonly expression: RawExpression;
  /** `camunda:inputVariable`: a name the entries may use for the input besides `?` (Camunda 7's default `cellInput`). */
  readonly inputVariable: string;
  /** The allowed input values (`inputValues`): a value no item admits is an error. */
  readonly allowed?: UnaryTest;
}

/** A decision table output: its name (the result's key) and its allowed values in priority order. */
export interface TableOutput {
  readonly id: string;
  /** The key of this output in a rule's result (the decision id for a single unnamed output). */
  readonly name: string;
  readonly label?: string;
  /** `outputValues`, one test per item, in priority order (PRIORITY, OUTPUT ORDER). */
  readonly values?: readonly UnaryTest[];
  /** Value of an empty output entry: the `defaultOutputEntry`, else null. */
  readonly defaultEntry?: Expression;
}

/** One rule of a decision table. */
export interface TableRule {
  readonly id: string;
  /** 0-based position in the table. */
  readonly index: number;
  readonly description?: string;
  /** One per input, in input order. */
  readonly entries: readonly UnaryTest[];
  /** One per output, in output order; `undefined` for an empty entry. */
  readonly outputs: readonly (Expression | undefined)[];
}

/** A compiled decision table. */
export interface DecisionTable {
  readonly kind: 'table';
  readonly id: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation?: Aggregation;
  readonly inputs: readonly TableInput[];
  readonly outputs: readonly TableOutput[];
  readonly rules: readonly TableRule[];
}

/** A compiled literal-expression decision. */
export interface LiteralDecision {
  readonly kind: 'literal';
  readonly id: string;
  readonly expression: Expression;
}

/** One deployed version of one decision. */
export interface DecisionModel {
  readonly id: string;
  readonly name?: string;
  readonly version: number;
  /** `${id}:${version}`. */
  readonly key: string;
  /** `camunda:versionTag` of the decision, if set. */
  readonly versionTag?: string;
  /** The name its result has for the decisions that require it: its `<variable name>`, else its name, else its id. */
  readonly variable: string;
  readonly logic: DecisionTable | LiteralDecision;
  /** The decisions it requires (same file), as deployed with it. */
  readonly requires: readonly DecisionModel[];
  /** This decision and every decision it requires, dependencies first (each once). */
  readonly order: readonly DecisionModel[];
  /** The id of the `<definitions>` it came from. */
  readonly definitionsId: string;
}

/** A matched rule: its id and 0-based position. */
export interface MatchedRule {
  readonly id: string;
  readonly index: number;
}

/** The outcome of one decision of an evaluation. */
export interface DecisionOutcome {
  readonly decisionId: string;
  readonly version: number;
  /** A table's matched rules, in the order the hit policy returns them (empty for a literal expression). */
  readonly matchedRules: readonly MatchedRule[];
  /** A table's input values, by input label (else its expression), as plain JSON. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /**
   * The rule results (Camunda 7's "result list"): one map per returned rule, output name →
   * value; for COLLECT with an aggregation one entry under the output's name; for a literal
   * expression one entry under the decision's variable name.
   */
  readonly resultList: readonly Record<string, unknown>[];
  /**
   * The decision's value (DMN / Camunda 8): a single-hit table's output (a context for
   * several outputs; null without a match); a multiple-hit table's list; an aggregation's
   * number; a literal expression's value.
   */
  readonly value: unknown;
}

/** A whole evaluation: the decision asked for, and every required decision evaluated first. */
export interface DecisionEvaluation extends DecisionOutcome {
  readonly key: string;
  /** The required decisions' outcomes, in evaluation order (dependencies first). */
  readonly required: readonly DecisionOutcome[];
}
