/**
 * Flowable and Activiti files read like Camunda 7 ones (decision 0022).
 *
 * Camunda 7 grew out of Activiti 5, and Flowable out of Activiti 6: their extension
 * attributes and elements (`assignee`, `candidateGroups`, `class`, `delegateExpression`,
 * `expression`, `resultVariable`, `field`, `in` / `out`, `collection`, `initiator`,
 * `formKey`, listeners, …) share names and meaning with `camunda:*`. Rather than registering
 * copies of the camunda descriptor under their URIs — copies clash on every property name,
 * the way camunda and zeebe clash on `modelerTemplate` (ECOSYSTEM.md) — the namespace
 * declarations of `http://activiti.org/bpmn` and `http://flowable.org/bpmn` are pointed at
 * Camunda's URI before parsing. The prefix a file uses stays as written, so problems name
 * `activiti:class` where the file says so; what the camunda descriptor does not know is
 * reported by the parser like any unknown `camunda:*` content, never dropped silently.
 *
 * @module
 */

/** Camunda 7's extension namespace, which the camunda-bpmn-moddle descriptor reads. */
export const CAMUNDA_URI = 'http://camunda.org/schema/1.0/bpmn';
/** Camunda 8's extension namespace. */
export const ZEEBE_URI = 'http://camunda.org/schema/zeebe/1.0';
/** The namespaces read as Camunda 7's (Camunda 7 itself still accepts the Activiti one). */
export const CAMUNDA7_ALIASES: readonly string[] = ['http://activiti.org/bpmn', 'http://flowable.org/bpmn'];

const DECLARATION = /(\sxmlns:[A-Za-z_][\w.-]*\s*=\s*)(["'])(http:\/\/(?:activiti|flowable)\.org\/bpmn)\2/g;

/**
 * Point Activiti / Flowable namespace declarations at Camunda 7's URI. Only `xmlns:…`
 * declarations change (same length of lines: line numbers stay those of the file).
 */
export function aliasCamunda7Namespaces(xml: string): { xml: string; prefixes: string[] } {
  const prefixes = new Set<string>();
  const out = xml.replace(DECLARATION, (_m, head: string, q: string) => {
    prefixes.add(/xmlns:([^\s=]+)/.exec(head)![1]!);
    return `${head}${q}${CAMUNDA_URI}${q}`;
  });
  return { xml: out, prefixes: [...prefixes] };
}

/**
 * Is a parser warning about a name the file wrote in an aliased (Flowable / Activiti)
 * namespace? moddle reports such names with Camunda's prefix (`camunda:caseDefinitionKey`,
 * type `camunda:EventType`); the file's text tells whether it wrote them as `flowable:…`.
 * Those are Flowable / Activiti features Camunda 7 lacks: a deploy warning names them
 * (decision 0022); an unknown `camunda:*` attribute is a warning too (decision 0031), an unknown `camunda:*` element stays a problem.
 *
 * @returns the name as the file wrote it, or undefined when it is not an aliased name.
 */
export function aliasedName(xml: string, prefixes: readonly string[], warned: { property?: string; type?: string; elementType?: string }): string | undefined {
  if (!prefixes.length) return undefined;
  const local = warned.property?.startsWith('camunda:')
    ? warned.property.slice('camunda:'.length)
    : warned.type?.startsWith('camunda:')
      ? warned.type.slice('camunda:'.length)
      : warned.property && !warned.property.includes(':') && warned.elementType?.startsWith('camunda:')
        ? warned.elementType.slice('camunda:'.length) // an unprefixed attribute of an aliased element
        : undefined;
  if (!local) return undefined;
  for (const p of prefixes) {
    const m = new RegExp(`[<\\s]${escape(p)}:(${escape(local)})\\b`, 'i').exec(xml);
    if (m) return warned.property && !warned.property.includes(':') ? `${p}:${m[1]} ${warned.property}` : `${p}:${m[1]}`;
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Does a parsed file speak the Camunda 7 family's dialect (Camunda 7, Flowable, Activiti)?
 * True when its definitions declare Camunda 7's namespace (after aliasing) and not Camunda
 * 8's, or declare neither and were drawn for Camunda 7 ({@link drawnForCamunda7}). Rules that only those engines apply (a gateway flow without a condition is taken as
 * `true`) are kept to these files.
 */
export function isCamunda7Dialect(definitions: { $attrs?: Record<string, string>; exporter?: unknown; exporterVersion?: unknown }): boolean {
  const uris = Object.entries(definitions.$attrs ?? {})
    .filter(([k]) => k.startsWith('xmlns:'))
    .map(([, v]) => v);
  if (uris.includes(ZEEBE_URI)) return false;
  return uris.includes(CAMUNDA_URI) || drawnForCamunda7(definitions);
}

/**
 * Was a file that declares neither Camunda namespace saved by a Camunda Modeler for Camunda 7
 * (decision 0031)? True for `modeler:executionPlatform="Camunda Platform"`, and for files of
 * Camunda Modeler (or the Eclipse-based camunda modeler) older than 4.7 without that attribute:
 * those modelers drew for Camunda 7 only — 4.7 added Camunda Cloud and the attribute.
 */
export function drawnForCamunda7(definitions: { $attrs?: Record<string, string>; exporter?: unknown; exporterVersion?: unknown }): boolean {
  const attrs = definitions.$attrs ?? {};
  const platformKey = Object.keys(attrs).find((k) => k.endsWith(':executionPlatform'));
  if (platformKey) return /^camunda platform$/i.test(String(attrs[platformKey]).trim());
  if (!/^camunda modeler$/i.test(String(definitions.exporter ?? '').trim())) return false;
  const [major = NaN, minor = 0] = String(definitions.exporterVersion ?? '').trim().split('.').map(Number);
  return Number.isFinite(major) && (major < 4 || (major === 4 && minor < 7));
}
