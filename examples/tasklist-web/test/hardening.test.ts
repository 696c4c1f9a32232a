/**
 * What the request table cannot show: the server **process** survives the request that used
 * to kill it; sessions end after their idle and absolute timeouts (and their live streams
 * with them); a failure deep in the database becomes a 500 with an error id and no detail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, sendRaw } from './rawHttp';
import { Client, openStream, signIn, startTestTasklist } from './support';

describe('Feature: one hostile request cannot stop the server process', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('Scenario: `GET //x:99999/` (what <img src="http://host//x:99999/"> sends) gets 404 and the process keeps serving', async () => {
    // given the tasklist as `pnpm start` runs it, in its own process
    child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@handoff/source', 'src/main.ts', '--port', '0'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, HANDOFF_MODE: 'test', HANDOFF_DATA_DIR: 'memory://' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within 90 s:\n${out}`)), 90_000);
      child!.stdout!.on('data', () => {
        const m = /on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child!.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
    });
    const port = Number(new URL(url).port);
    // when the request arrives, twice, and malformed HTTP besides
    for (const target of ['//x:99999/', '//x:99999/api/session']) expect((await sendRaw(port, request(port, 'GET', target))).status).toBe(404);
    expect((await sendRaw(port, 'GET /\r\nbroken\r\n\r\n')).status).toBe(400);
    // then the same process still answers
    expect((await sendRaw(port, request(port, 'GET', '/api/people'))).status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(out).not.toMatch(/Invalid URL|Unhandled|ERR_/);
  }, 120_000);
});

describe('Feature: sessions expire', () => {
  let app: Awaited<ReturnType<typeof startTestTasklist>>;
  let now = Date.parse('2026-03-02T01:00:00Z');
  const MIN = 60_000;

  beforeAll(async () => {
    app = await startTestTasklist({ sessions: { idleTimeoutMs: 10 * MIN, absoluteTimeoutMs: 60 * MIN, now: () => now } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('Scenario: a session idle for longer than the idle timeout is signed out; each request keeps it alive until then', async () => {
    const bo = await signIn(app.url, 'bo');
    now += 9 * MIN;
    expect((await bo.get('/api/tasks')).status).toBe(200);
    now += 9 * MIN; // 18 minutes after sign-in, 9 after the last request
    expect((await bo.get('/api/tasks')).status).toBe(200);
    now += 10 * MIN;
    const r = await bo.get('/api/tasks');
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/session ended/);
  });

  it('Scenario: a busy session still ends at the absolute timeout; the cookie says so too', async () => {
    const c = new Client(app.url);
    const signedIn = await c.post('/api/session', { personId: 'bo' });
    expect(signedIn.headers.get('set-cookie')).toMatch(/Max-Age=3600/);
    for (let i = 0; i < 11; i++) {
      now += 5 * MIN;
      expect((await c.get('/api/tasks')).status, `after ${(i + 1) * 5} minutes`).toBe(200);
    }
    now += 5 * MIN; // 60 minutes after sign-in
    expect((await c.get('/api/tasks')).status).toBe(401);
  });

  it('Scenario: the live stream of an expired session is closed', async () => {
    const bo = await signIn(app.url, 'bo');
    const live = await openStream(bo);
    await live.waitFor((e) => e.event === 'hello');
    now += 11 * MIN;
    // when anything is broadcast (the clock moves, by someone signed in)
    const chen = await signIn(app.url, 'chen');
    expect((await chen.post('/api/clock/advance', { by: 'PT1M' })).status).toBe(200);
    // then bo's stream has ended, without a clock notice
    await live.ended;
    expect(live.events.map((e) => e.event)).toEqual(['hello']);
  });

  it('Scenario: the session table is bounded', async () => {
    const small = await startTestTasklist({ sessions: { maxSessions: 3 } });
    try {
      const first = await signIn(small.url, 'bo');
      for (const who of ['ana', 'he', 'qi']) await signIn(small.url, who);
      expect(small.sessions.size).toBe(3);
      expect((await first.get('/api/tasks')).status).toBe(401); // the oldest ended
    } finally {
      await small.close();
    }
  }, 120_000);

  it('Scenario: a failure inside the database is a 500 with an error id; the body names no table, constraint or SQL state', async () => {
    // given a database that refuses every new case (a constraint nothing satisfies)
    await app.store.query('ALTER TABLE handoff_instances ADD CONSTRAINT refuse_every_case CHECK (false) NOT VALID');
    const qi = await signIn(app.url, 'qi');
    // when a greeter starts a case
    const r = await qi.post('/api/actions/hall.welcome', { ticket: 'D001' });
    // then
    expect(r.status).toBe(500);
    expect(Object.keys(r.body.error).sort()).toEqual(['code', 'errorId', 'hint', 'message']);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(r.body.error.message).toContain(r.body.error.errorId);
    expect(JSON.stringify(r.body)).not.toMatch(/postgres|sqlstate|constraint|refuse_every_case|handoff_|23514/i);
    // and the log has the cause under the same id
    expect(app.logged).toEqual([expect.stringContaining(`error id ${r.body.error.errorId}`)]);
    expect(String(app.errors[0])).toMatch(/refuse_every_case/);
    // and the server goes on answering
    expect((await qi.get('/api/tasks')).status).toBe(200);
  });
});

describe('Feature: served under a public name (behind a proxy)', () => {
  it('Scenario: with origins set, pages of that origin may write, the listening address still answers a proxy, everything else is refused', async () => {
    const app = await startTestTasklist({ origins: ['https://Tasks.Example.com:443/'] });
    try {
      const port = Number(new URL(app.url).port);
      expect(app.origins).toEqual(['https://tasks.example.com']);
      const signIn = (host: string, origin?: string) =>
        sendRaw(port, request(port, 'POST', '/api/session', { host, headers: { 'content-type': 'application/json', ...(origin ? { origin, 'sec-fetch-site': 'same-origin' } : {}) }, body: '{"personId":"bo"}' }));
      // a browser on the public name, through a proxy that passes Host on, or one that does not
      expect((await signIn('tasks.example.com', 'https://tasks.example.com')).status).toBe(200);
      expect((await signIn(`127.0.0.1:${port}`, 'https://tasks.example.com')).status).toBe(200);
      // the listening address is no longer an origin pages may write from
      const local = await signIn(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`);
      expect(local.status).toBe(403);
      expect(local.body.error.hint).toMatch(/HANDOFF_ORIGIN/);
      // and any other name is misdirected
      expect((await signIn('tasks.example.com.attacker.example', 'https://tasks.example.com')).status).toBe(421);
    } finally {
      await app.close();
    }
  }, 120_000);
});
