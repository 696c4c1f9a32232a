/**
 * The one naming table for Java and script implementations that run as jobs (Camunda 7,
 * Flowable, Activiti delegates and listeners): which job type a host registers a handler for.
 *
 * | implementation | job type |
 * |---|---|
 * | `class="org.acme.Archive"` | `org.acme.Archive` (the class name) |
 * | `delegateExpression="${archiver}"` | `archiver` (the bean name; any other expression: its text verbatim) |
 * | `expression="${archive.run(execution)}"` | `${archive.run(execution)}` (the text verbatim) |
 * | a script in `scriptFormat="groovy"` | `script:groovy` (format lower-cased; the script travels in the job's headers) |
 *
 * @module
 */

/** Which attribute named the implementation. */
export type JavaImplementationKind = 'class' | 'delegateExpression' | 'expression' | 'script';

/** A Java or script implementation as read from an element: at most one is expected. */
export interface JavaImplementationAttributes {
  class?: unknown;
  delegateExpression?: unknown;
  expression?: unknown;
  /** The script's format (`camunda:script scriptFormat`), when the implementation is a script. */
  scriptFormat?: unknown;
}

/** The job a Java or script implementation becomes. */
export interface JavaJobType {
  /** The job type a host registers: `engine.jobs.register(type, handler)`. */
  type: string;
  /** The attribute it came from. */
  kind: JavaImplementationKind;
  /** The attribute's text as written. */
  source: string;
}

/** `${name}` or `#{name}` with a plain (dotted) bean name inside. */
const BEAN = /^\s*[$#]\{\s*([A-Za-z_][\w.]*)\s*\}\s*$/;

/** Job type for a script format: `script:<format>`, lower-cased (`script:groovy`, `script:javascript`). */
export function scriptJobType(format: string): string {
  return `script:${format.trim().toLowerCase()}`;
}

/**
 * The job type of a Java / script implementation, by the table above; `undefined` when the
 * element names none. The first present attribute wins in the order class, delegateExpression,
 * expression, script (callers refuse elements that name more than one — see
 * {@link javaImplementationsOf}).
 */
export function javaJobType(attrs: JavaImplementationAttributes): JavaJobType | undefined {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const cls = text(attrs.class);
  if (cls) return { type: cls, kind: 'class', source: cls };
  const de = text(attrs.delegateExpression);
  if (de) return { type: BEAN.exec(de)?.[1] ?? de, kind: 'delegateExpression', source: de };
  const ex = text(attrs.expression);
  if (ex) return { type: ex, kind: 'expression', source: ex };
  const fmt = text(attrs.scriptFormat);
  if (fmt) return { type: scriptJobType(fmt), kind: 'script', source: fmt };
  return undefined;
}

/** Which of the implementation attributes are present (to refuse more than one). */
export function javaImplementationsOf(attrs: JavaImplementationAttributes): JavaImplementationKind[] {
  const out: JavaImplementationKind[] = [];
  for (const k of ['class', 'delegateExpression', 'expression'] as const) if (typeof attrs[k] === 'string' && attrs[k].trim() !== '') out.push(k);
  if (typeof attrs.scriptFormat === 'string' && attrs.scriptFormat.trim() !== '') out.push('script');
  return out;
}
