/**
 * What every request passes before any route runs, and the headers every response carries.
 *
 * - **Host**: the `Host` header must name one of the server's origins or its listening
 *   address (a proxy that does not pass `Host` on) — 421 otherwise — so a page that rebinds
 *   its own DNS name to this server's address (DNS rebinding) reaches nothing.
 * - **State-changing requests** (every method but GET and HEAD — sign-in and sign-out
 *   included): refused with 403 when the browser says they come from another origin
 *   (`Origin` not in the list, or `Sec-Fetch-Site` other than `same-origin`), and with 415
 *   unless they are `application/json`, a type no HTML form and no "simple" cross-origin
 *   request can send. Requests without `Origin` and `Sec-Fetch-Site` come from no browser
 *   (curl, a test, another service) and are let through to the same session checks.
 * - **Headers** ({@link SECURITY_HEADERS}) on every answer: a Content-Security-Policy that
 *   allows only this origin's scripts, styles, images and connections and no framing
 *   (`frame-ancestors 'none'`), `nosniff`, `no-referrer`, same-origin opener and resource
 *   policies.
 *
 * Why an Origin check and not CSRF tokens: docs/decisions/0012-tasklist-web-hostile-input.md.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CrossOriginError, MisdirectedError, UnsupportedMediaTypeError } from './errors';

/** The page's policy: own origin only; bpmn-js needs no inline script or style (it sets styles through the DOM). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every response (API, page, assets, events, errors). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Put {@link SECURITY_HEADERS} on a response before anything is written. */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** The origins a server listening on `host:port` answers for: its own, plus the other loopback names when it is on loopback. */
export function defaultOrigins(host: string, port: number): string[] {
  const loopback = ['127.0.0.1', 'localhost', '::1'];
  const names = loopback.includes(host) ? loopback : [host];
  return names.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`);
}

/** An origin as browsers send it: `scheme://host[:port]`, lower-case, no path. Throws on anything else. */
export function normaliseOrigin(origin: string): string {
  const u = new URL(origin);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`origin '${origin}' must be http: or https:`);
  return u.origin;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Who the server is: the origins pages are served under, and the `Host` values it answers (those origins' and its listening address's). */
export interface Identity {
  origins: readonly string[];
  hosts: ReadonlySet<string>;
}

/** The {@link Identity} of a server listening on `host:port` and served under `origins` (default: the listening address). */
export function identity(host: string, port: number, origins?: readonly string[]): Identity {
  const own = defaultOrigins(host, port);
  const served = origins ?? own;
  return { origins: served, hosts: new Set([...served, ...own].map((o) => new URL(o).host)) };
}

/** Refuse the request (throws a `HandoffError`) when its host, origin or content type is not acceptable. */
export function checkRequest(req: IncomingMessage, id: Identity): void {
  const { origins } = id;
  if (!id.hosts.has(req.headers.host?.toLowerCase() ?? '')) throw new MisdirectedError(req.headers.host, origins);
  if (SAFE_METHODS.has(req.method ?? '')) return;
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new CrossOriginError(`a ${site} page`, origins);
  const origin = header(req, 'origin');
  if (origin !== undefined && !origins.includes(origin)) throw new CrossOriginError(origin, origins);
  const type = header(req, 'content-type');
  if (type?.split(';')[0]!.trim().toLowerCase() !== 'application/json') throw new UnsupportedMediaTypeError(type);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}
