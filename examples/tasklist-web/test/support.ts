/**
 * Test helpers: a tasklist on in-memory PGlite and a virtual clock, an HTTP client with
 * its own cookie jar (one per person), and a server-sent-events reader.
 */
import { startTasklist, type Tasklist, type TasklistOptions } from '../src/app';

/** Start a tasklist for a test file (memory store, test mode, a free port). */
export async function startTestTasklist(options: TasklistOptions = {}): Promise<Tasklist & { errors: unknown[]; logged: string[] }> {
  const errors: unknown[] = [];
  const logged: string[] = [];
  const app = await startTasklist({
    dataDir: 'memory://',
    mode: 'test',
    port: 0,
    log: (m, e) => {
      logged.push(m);
      errors.push(e);
    },
    ...options,
  });
  return Object.assign(app, { errors, logged });
}

/** A JSON answer. */
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** An HTTP client that keeps the session cookie, like a browser would. */
export class Client {
  cookie = '';
  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON (BPMN XML) */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
}

/** Sign a person in; returns their client. */
export async function signIn(base: string, personId: string): Promise<Client> {
  const c = new Client(base);
  const r = await c.post('/api/session', { personId });
  if (r.status !== 200) throw new Error(`sign-in of ${personId} failed: ${JSON.stringify(r.body)}`);
  return c;
}

/** One server-sent event. */
export interface Sse {
  event: string;
  data: any;
}

/** Read a client's event stream (`GET /api/events`); `events` fills as they come, `ended` resolves when the server ends the stream. */
export async function openStream(c: Client): Promise<{ events: Sse[]; status: number; waitFor: (pred: (e: Sse) => boolean, ms?: number) => Promise<Sse>; close: () => void; ended: Promise<void> }> {
  const ctrl = new AbortController();
  const res = await fetch(`${c.base}/api/events`, { headers: { cookie: c.cookie }, signal: ctrl.signal });
  const events: Sse[] = [];
  const waiters = new Set<() => void>();
  let ended: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    ended = (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
            for (const w of waiters) w();
          }
        }
      } catch {
        /* aborted */
      }
    })();
  }
  const waitFor = (pred: (e: Sse) => boolean, ms = 10_000) =>
    new Promise<Sse>((resolve, reject) => {
      const check = () => {
        const hit = events.find(pred);
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.data.type ?? e.event))}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return { events, status: res.status, waitFor, close: () => ctrl.abort(), ended };
}

/** A broadband case as a field rep in grid G01 opens it. */
export function broadbandCase(n: number) {
  return { customer: `客户 ${n}`, phone: `1380000${String(n).padStart(4, '0')}`, address: `文三路 ${n} 号`, grid: 'G01' };
}

/** A complete lead, as the account manager captures it (group-opportunity-transfer start form). */
export function lead() {
  return {
    kind: 'lead',
    contactChannel: 'accountManager',
    opportunity: { title: '办公网络', passive: true },
    enterprise: { name: '某集团', class: 'B', accountManagerFlag: true },
    contact: { name: '张三', phone: '13900000000' },
    keyPerson: { name: '李四', title: '总经理' },
    need: { type: '信息化', willingToTalk: true },
    informatisation: { current: '已有企业邮箱' },
  };
}
