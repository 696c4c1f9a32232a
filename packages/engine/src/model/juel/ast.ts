/**
 * The JUEL expression tree the parser builds and the translator reads: the subset of the
 * Unified Expression Language 2.2 that Camunda 7 files use, plus the nodes the translator
 * refuses (calls), so a refusal can name what it saw.
 *
 * @module
 */

/** A JUEL expression node. `col` is the 1-based column in the attribute text where it starts. */
export type JuelNode =
  | { readonly type: 'literal'; readonly value: string | number | boolean | null; readonly col: number }
  | { readonly type: 'ident'; readonly name: string; readonly col: number }
  | { readonly type: 'member'; readonly object: JuelNode; readonly property: string; readonly col: number }
  | { readonly type: 'index'; readonly object: JuelNode; readonly index: JuelNode; readonly col: number }
  | { readonly type: 'call'; readonly callee: JuelNode; readonly args: readonly JuelNode[]; readonly col: number }
  | { readonly type: 'unary'; readonly op: '-' | '!' | 'empty'; readonly operand: JuelNode; readonly col: number }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: JuelNode; readonly right: JuelNode; readonly col: number }
  | { readonly type: 'ternary'; readonly test: JuelNode; readonly then: JuelNode; readonly else: JuelNode; readonly col: number };

/** Binary operators, keyword forms folded into their symbols (`eq` → `==`, `div` → `/`, `mod` → `%`, `and` → `&&`). */
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** One part of an attribute's text: literal text, or an `${…}` / `#{…}` expression. */
export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'expr'; readonly node: JuelNode; readonly source: string };

/** Why a JUEL text was refused: bad syntax, or a construct with no faithful FEEL translation. */
export class JuelRefusal extends Error {
  constructor(
    readonly code: 'JUEL_SYNTAX' | 'JUEL_UNSUPPORTED',
    message: string,
    /** 1-based column in the attribute text. */
    readonly column: number,
    /** How to fix it: the FEEL to write instead, or what to do. */
    readonly hint: string,
  ) {
    super(message);
    this.name = 'JuelRefusal';
  }
}
