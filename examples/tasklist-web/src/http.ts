/**
 * A very small router and the request/response helpers of the API (node:http only).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, errorResponse } from './errors';

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

const MAX_BODY = 1 << 20;

/** Routes matched in order against `METHOD path`; captured groups are URI-decoded. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** Handle a request; false when no route matched the path. */
  async handle(req: IncomingMessage, res: ServerResponse, onError: (err: unknown) => void): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const sameRoute = this.routes.filter((r) => r.pattern.test(path));
    if (!sameRoute.length) return false;
    const route = sameRoute.find((r) => r.method === req.method);
    try {
      if (!route) throw new BadRequestError(`${req.method} is not allowed on ${path}.`, `use ${sameRoute.map((r) => r.method).join(' or ')}.`);
      const params = [...route.pattern.exec(path)!].slice(1).map((p) => decodeURIComponent(p));
      const reply = await route.handler(req, res, params);
      if (reply) sendJson(res, reply.status ?? 200, reply.body, reply.headers);
    } catch (err) {
      const { status, body } = errorResponse(err);
      if (status === 500) onError(err);
      if (!res.headersSent) sendJson(res, status, body);
      else res.end();
    }
    return true;
  }
}

/** Send JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** The request's JSON body as an object (`{}` when empty). */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BadRequestError('The request body is larger than 1 MB.', 'send a smaller JSON object.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body is not valid JSON.', 'send a JSON object with content-type application/json.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError('The request body must be a JSON object.', 'send the fields as one JSON object, e.g. {"interested": true}.');
  return value as Record<string, unknown>;
}
