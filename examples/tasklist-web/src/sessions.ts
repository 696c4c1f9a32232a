/**
 * Server-held sessions: signing in creates a random session id (node:crypto, 256 bits) sent
 * as an `HttpOnly; SameSite=Strict` cookie; the person and their roles stay on the server.
 * Every API call looks the session up, so a client cannot claim roles it was not given.
 *
 * Sessions end: after `idleTimeoutMs` without a request (default 1 hour), and
 * `absoluteTimeoutMs` after sign-in whatever happens (default 12 hours; the cookie's
 * `Max-Age` says the same). At most `maxSessions` live at once (default 10,000): signing in
 * beyond that ends the oldest. Times come from `now` (default `Date.now`: the wall clock,
 * also in demo mode, where only the business clock is virtual).
 *
 * In memory: a restart signs everyone out (the engine's state is in the store and survives).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { InvalidArgumentError } from '@handoff/engine';
import type { Person } from './directory';
import { BadRequestError } from './errors';

/** The session cookie's name. */
export const SESSION_COOKIE = 'handoff_session';

/** A signed-in person. */
export interface Session {
  id: string;
  person: Person;
  createdAt: number;
  /** Last request seen (wall clock ms). */
  lastSeenAt: number;
}

/** How long sessions live. */
export interface SessionOptions {
  /** Ends a session this long after its last request. Default 1 hour. */
  idleTimeoutMs?: number;
  /** Ends a session this long after sign-in. Default 12 hours. */
  absoluteTimeoutMs?: number;
  /** Most sessions held at once; the oldest ends first. Default 10,000. */
  maxSessions?: number;
  /** The clock sessions are timed on. Default `Date.now`. */
  now?: () => number;
}

const ID = /^[A-Za-z0-9_-]{43}$/;

/** The session table. */
export class Sessions {
  private readonly byId = new Map<string, Session>();
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: SessionOptions = {}) {
    this.idleTimeoutMs = positive(options.idleTimeoutMs ?? 60 * 60_000, 'idleTimeoutMs');
    this.absoluteTimeoutMs = positive(options.absoluteTimeoutMs ?? 12 * 60 * 60_000, 'absoluteTimeoutMs');
    this.maxSessions = positive(options.maxSessions ?? 10_000, 'maxSessions');
    this.now = options.now ?? Date.now;
  }

  /** Start a session for `person`; returns it (its id goes into the cookie). */
  create(person: Person): Session {
    this.sweep();
    while (this.byId.size >= this.maxSessions) this.byId.delete(this.byId.keys().next().value!);
    const t = this.now();
    const s: Session = { id: randomBytes(32).toString('base64url'), person, createdAt: t, lastSeenAt: t };
    this.byId.set(s.id, s);
    return s;
  }

  /**
   * The request's session, from its cookie, and mark it used; undefined when absent, unknown
   * or expired. Throws {@link BadRequestError} when the cookie is not a session id at all
   * (malformed percent-encoding, wrong length): the answer clears it.
   */
  of(req: IncomingMessage): Session | undefined {
    const id = sessionIdOf(req);
    if (id === undefined) return undefined;
    const s = this.byId.get(id);
    if (!s || !this.alive(s)) return undefined;
    s.lastSeenAt = this.now();
    return s;
  }

  /** Is this session still signed in (not ended, not expired)? An expired session is dropped. */
  alive(s: Session): boolean {
    if (this.byId.get(s.id) !== s) return false;
    const t = this.now();
    if (t - s.lastSeenAt < this.idleTimeoutMs && t - s.createdAt < this.absoluteTimeoutMs) return true;
    this.byId.delete(s.id);
    return false;
  }

  /** End a session. */
  delete(s: Session): void {
    this.byId.delete(s.id);
  }

  /** Number of live sessions. */
  get size(): number {
    this.sweep();
    return this.byId.size;
  }

  /** The `Set-Cookie` value that carries (or, with `undefined`, clears) a session. */
  cookie(s: Session | undefined): string {
    return s ? `${SESSION_COOKIE}=${s.id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(this.absoluteTimeoutMs / 1000)}` : CLEAR_COOKIE;
  }

  private sweep(): void {
    for (const s of this.byId.values()) this.alive(s);
  }
}

/** The `Set-Cookie` value that clears the session cookie. */
export const CLEAR_COOKIE = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

/** The session cookie's value; only that cookie is read (other cookies of the host are none of this server's business). */
function sessionIdOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const raw = part.slice(eq + 1).trim();
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      throw new MalformedSessionCookieError('has malformed percent-encoding');
    }
    if (!ID.test(value)) throw new MalformedSessionCookieError('is not a session id (43 base64url characters)');
    return value;
  }
  return undefined;
}

/** The session cookie cannot be a session id. The answer (400) clears it. */
export class MalformedSessionCookieError extends BadRequestError {
  constructor(what: string) {
    super(`The ${SESSION_COOKIE} cookie ${what}.`, 'sign in again: this answer cleared the cookie.');
  }
}

function positive(n: number, name: string): number {
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`sessions.${name}`, `${n} is not a positive finite number.`, 'pass a number of milliseconds (or sessions) greater than 0.');
  return n;
}
