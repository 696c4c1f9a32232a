/**
 * DMN 1.3 decisions: parse (dmn-moddle), compile once, evaluate (decision tables with every
 * hit policy, literal expressions, requirement graphs). Pure: no clock, no I/O.
 *
 * @module
 */
export { compileDmn, type CompiledDmn } from './compile';
export { evaluateDecision } from './evaluate';
export { isDmnXml, parseDmn } from './parse';
export { DecisionRegistry, type DecisionInfo, type PreparedDecisions } from './registry';
export type * from './types';
