/**
 * HTTP over a bare `node:net` socket, for requests a client library would refuse or
 * normalise (`GET //x:99999/`, a wrong `Host`, malformed HTTP, a text/plain cross-origin
 * POST exactly as a browser form sends it). Loopback only; every request has a time bound.
 */
import { connect } from 'node:net';

/** A parsed answer. `headers` are lower-case; `body` is parsed JSON when it is JSON. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/** Send `request` verbatim to 127.0.0.1:`port`; resolves when the server closes the connection (send `Connection: close`). */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 60))}`));
    }, timeoutMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const cut = all.indexOf('\r\n\r\n');
      if (cut < 0) return reject(new Error(`the server closed the connection without an answer (got ${JSON.stringify(all.toString('utf8').slice(0, 80))})`));
      const [statusLine, ...lines] = all.subarray(0, cut).toString('utf8').split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        const name = l.slice(0, i).trim().toLowerCase();
        headers[name] = headers[name] === undefined ? l.slice(i + 1).trim() : `${headers[name]}, ${l.slice(i + 1).trim()}`;
      }
      const payload = all.subarray(cut + 4);
      const text = (headers['transfer-encoding'] === 'chunked' ? unchunk(payload) : payload).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body, text });
    });
    socket.write(request); // not end(): a half-closed socket may lose the answer; `Connection: close` ends it
  });
}

function unchunk(payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = payload.indexOf('\r\n', at);
    const size = parseInt(payload.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(payload.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Options of {@link request}. */
export interface RawRequest {
  headers?: Record<string, string>;
  body?: string;
  /** Default: the server's own `127.0.0.1:port`. */
  host?: string;
}

/** A well-formed HTTP/1.1 request (with `Host`, `Connection: close` and `Content-Length`) as text. */
export function request(port: number, method: string, target: string, o: RawRequest = {}): string {
  const headers: Record<string, string> = { host: o.host ?? `127.0.0.1:${port}`, connection: 'close', ...o.headers };
  if (o.body !== undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${o.body ?? ''}`;
}
