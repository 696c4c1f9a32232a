/**
 * The JUEL parser: EL 2.2's grammar (JSR 245, section 1.19) for the subset, precedence
 * from lowest to highest: `?:`, `|| or`, `&& and`, `== != eq ne`, `< > <= >= lt gt le ge`,
 * `+ -`, `* / div % mod`, unary `- ! not empty`, then `a.b`, `a[b]` and calls.
 * `parseTemplate` splits an attribute's text into literal text and `${…}` / `#{…}` parts.
 *
 * @module
 */
import { JuelRefusal, type BinaryOp, type JuelNode, type TemplatePart } from './ast';
import { lex, type Token } from './lexer';

/** Split `text` into literal text and expressions; `\${` and `\#{` stand for the literal characters. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let buf = '';
  let marker: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '#') && text[i + 2] === '{') {
      buf += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if ((c === '$' || c === '#') && text[i + 1] === '{') {
      if (marker !== undefined && marker !== c) {
        throw new JuelRefusal('JUEL_SYNTAX', `'\${…}' and '#{…}' are mixed in one text (column ${i + 1})`, i + 1, 'use one kind of expression throughout the text (Camunda 7 evaluates both at once).');
      }
      marker = c;
      if (buf) parts.push({ kind: 'text', text: buf });
      buf = '';
      const { tokens, next } = lex(text, i + 2);
      const node = new Parser(tokens, i + 1).parseAll();
      parts.push({ kind: 'expr', node, source: text.slice(i, next) });
      i = next;
      continue;
    }
    buf += c;
    i++;
  }
  if (buf) parts.push({ kind: 'text', text: buf });
  return parts;
}

const REL: Record<string, BinaryOp> = { '<': '<', lt: '<', '>': '>', gt: '>', '<=': '<=', le: '<=', '>=': '>=', ge: '>=' };
const EQ: Record<string, BinaryOp> = { '==': '==', eq: '==', '!=': '!=', ne: '!=' };
const MUL: Record<string, BinaryOp> = { '*': '*', '/': '/', div: '/', '%': '%', mod: '%' };

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly startCol: number,
  ) {}

  parseAll(): JuelNode {
    if (this.peek().t === 'end') throw new JuelRefusal('JUEL_SYNTAX', `the expression at column ${this.startCol} is empty`, this.startCol, 'write an expression between the braces, e.g. ${amount > 100}.');
    const node = this.ternary();
    const tok = this.peek();
    if (tok.t !== 'end') this.unexpected(tok);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private take(): Token {
    return this.tokens[this.pos++]!;
  }
  /** Is the next token the operator or keyword `v`? */
  private is(v: string): boolean {
    const tok = this.peek();
    return (tok.t === 'op' || tok.t === 'kw') && tok.value === v;
  }
  private expect(v: string): void {
    if (!this.is(v)) this.unexpected(this.peek(), `'${v}'`);
    this.pos++;
  }

  private unexpected(tok: Token, wanted?: string): never {
    const what = tok.t === 'end' ? "end of the expression ('}')" : `'${String('value' in tok ? tok.value : '')}'`;
    if (tok.t === 'kw' && tok.value === 'instanceof') {
      throw new JuelRefusal('JUEL_UNSUPPORTED', `'instanceof' (column ${tok.col}) tests Java types, which have no FEEL form here`, tok.col, 'test the value instead, e.g. =x instance of string, or compute a flag in a task.');
    }
    if (tok.t === 'op' && ['->', '=', ';', '+=', '{'].includes(tok.value)) {
      const name = { '->': 'a lambda', '=': 'an assignment', ';': 'a statement sequence', '+=': 'string concatenation with +=', '{': 'a set or map literal' }[tok.value];
      throw new JuelRefusal('JUEL_UNSUPPORTED', `${name} ('${tok.value}' at column ${tok.col}) is EL 3.0, outside the JUEL subset Handoff translates`, tok.col, 'compute the value in a task (a job handler) and refer to the variable, or write the expression in FEEL with a leading =.');
    }
    throw new JuelRefusal('JUEL_SYNTAX', `unexpected ${what} at column ${tok.col}${wanted ? `, expected ${wanted}` : ''}`, tok.col, 'check the operators and parentheses of the expression.');
  }

  private ternary(): JuelNode {
    const test = this.or();
    if (!this.is('?')) return test;
    this.pos++;
    const then = this.ternary();
    this.expect(':');
    const otherwise = this.ternary();
    return { type: 'ternary', test, then, else: otherwise, col: test.col };
  }

  private or(): JuelNode {
    let left = this.and();
    while (this.is('||') || this.is('or')) {
      this.pos++;
      left = { type: 'binary', op: '||', left, right: this.and(), col: left.col };
    }
    return left;
  }

  private and(): JuelNode {
    let left = this.eq();
    while (this.is('&&') || this.is('and')) {
      this.pos++;
      left = { type: 'binary', op: '&&', left, right: this.eq(), col: left.col };
    }
    return left;
  }

  private binaryLevel(ops: Record<string, BinaryOp>, next: () => JuelNode): JuelNode {
    let left = next();
    for (;;) {
      const tok = this.peek();
      const op = (tok.t === 'op' || tok.t === 'kw') && Object.hasOwn(ops, tok.value) ? ops[tok.value] : undefined;
      if (!op) return left;
      this.pos++;
      left = { type: 'binary', op, left, right: next(), col: left.col };
    }
  }

  private eq(): JuelNode {
    return this.binaryLevel(EQ, () => this.rel());
  }
  private rel(): JuelNode {
    return this.binaryLevel(REL, () => this.add());
  }
  private add(): JuelNode {
    return this.binaryLevel({ '+': '+', '-': '-' }, () => this.mul());
  }
  private mul(): JuelNode {
    return this.binaryLevel(MUL, () => this.unary());
  }

  private unary(): JuelNode {
    const tok = this.peek();
    if (tok.t === 'op' && tok.value === '-') {
      this.pos++;
      return { type: 'unary', op: '-', operand: this.unary(), col: tok.col };
    }
    if ((tok.t === 'op' && tok.value === '!') || (tok.t === 'kw' && tok.value === 'not')) {
      this.pos++;
      return { type: 'unary', op: '!', operand: this.unary(), col: tok.col };
    }
    if (tok.t === 'kw' && tok.value === 'empty') {
      this.pos++;
      return { type: 'unary', op: 'empty', operand: this.unary(), col: tok.col };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: JuelNode): JuelNode {
    for (;;) {
      if (this.is('.')) {
        this.pos++;
        const name = this.take();
        if (name.t !== 'id' && name.t !== 'kw') this.unexpected(name, 'a property name');
        node = { type: 'member', object: node, property: name.value, col: node.col };
      } else if (this.is('[')) {
        this.pos++;
        const index = this.ternary();
        this.expect(']');
        node = { type: 'index', object: node, index, col: node.col };
      } else if (this.is('(')) {
        this.pos++;
        const args: JuelNode[] = [];
        if (!this.is(')')) {
          args.push(this.ternary());
          while (this.is(',')) {
            this.pos++;
            args.push(this.ternary());
          }
        }
        this.expect(')');
        node = { type: 'call', callee: node, args, col: node.col };
      } else return node;
    }
  }

  private primary(): JuelNode {
    const tok = this.take();
    switch (tok.t) {
      case 'num':
      case 'str':
        return { type: 'literal', value: tok.value, col: tok.col };
      case 'kw':
        if (tok.value === 'true' || tok.value === 'false') return { type: 'literal', value: tok.value === 'true', col: tok.col };
        if (tok.value === 'null') return { type: 'literal', value: null, col: tok.col };
        return this.unexpected(tok);
      case 'id':
        if (this.is(':') && (this.tokens[this.pos + 1]?.t === 'id' || this.tokens[this.pos + 1]?.t === 'kw') && this.tokens[this.pos + 2]?.t === 'op' && (this.tokens[this.pos + 2] as { value: string }).value === '(') {
          throw new JuelRefusal('JUEL_UNSUPPORTED', `the EL function '${tok.value}:${(this.tokens[this.pos + 1] as { value: string }).value}(…)' (column ${tok.col}) calls Java code`, tok.col, 'compute the value in a task (a job handler), or write it in FEEL with a leading = (FEEL has string, list and date functions).');
        }
        return { type: 'ident', name: tok.value, col: tok.col };
      case 'op':
        if (tok.value === '(') {
          const inner = this.ternary();
          this.expect(')');
          return inner;
        }
        return this.unexpected(tok);
      default:
        return this.unexpected(tok);
    }
  }
}
