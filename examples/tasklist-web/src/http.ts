/**
 * A very small router and the request/response helpers of the API (node:http only).
 * Nothing here catches errors: they reach the server's one error boundary (`app.ts`).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, MethodNotAllowedError } from './errors';

/** A route handler: returns the JSON to send (status 200 unless `status` is set), or handles `res` itself and returns `undefined`. */
export type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<Reply | undefined>;

/** A JSON answer. */
export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** Routes matched in order against `METHOD path`; captured groups are URI-decoded. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** Handle a request for `path`; false when no route matches the path. Throws what the handler throws. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const sameRoute = this.routes.filter((r) => r.pattern.test(path));
    if (!sameRoute.length) return false;
    const route = sameRoute.find((r) => r.method === req.method);
    if (!route) throw new MethodNotAllowedError(req.method ?? '', path, sameRoute.map((r) => r.method));
    const params = [...route.pattern.exec(path)!].slice(1).map(decodeParam);
    const reply = await route.handler(req, res, params);
    if (reply) sendJson(res, reply.status ?? 200, reply.body, reply.headers);
    return true;
  }
}

function decodeParam(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw new BadRequestError(`The path segment '${p}' has malformed percent-encoding.`, 'encode path segments with encodeURIComponent (a task id contains /: send it as %2F).');
  }
}

/**
 * The path of the request target. Only origin-form (`/path?query`) is served: anything else
 * (`http://host/…`, `*`) is a 400 — the server is no proxy. Never throws anything but
 * {@link BadRequestError}, whatever the client sent (`//x:99999/` is just a path).
 */
export function requestPath(req: IncomingMessage): string {
  const target = req.url ?? '';
  if (!target.startsWith('/')) throw new BadRequestError(`The request target '${target.slice(0, 80)}' is not a path.`, 'send the path only, e.g. GET /api/tasks (this server is not a proxy).');
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/** Send JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}
