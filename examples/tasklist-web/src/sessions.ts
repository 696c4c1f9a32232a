/**
 * Server-held sessions: signing in creates a random session id (node:crypto, 256 bits) sent
 * as an `HttpOnly; SameSite=Strict` cookie; the person and their roles stay on the server.
 * Every API call looks the session up, so a client cannot claim roles it was not given.
 *
 * In memory: a restart signs everyone out (the engine's state is in the store and survives).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Person } from './directory';

/** The session cookie's name. */
export const SESSION_COOKIE = 'handoff_session';

/** A signed-in person. */
export interface Session {
  id: string;
  person: Person;
  createdAt: number;
}

/** The session table. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  /** Start a session for `person`; returns it (its id goes into the cookie). */
  create(person: Person): Session {
    const s: Session = { id: randomBytes(32).toString('base64url'), person, createdAt: Date.now() };
    this.byId.set(s.id, s);
    return s;
  }

  /** The request's session, from its cookie; undefined when absent or unknown. */
  of(req: IncomingMessage): Session | undefined {
    const id = cookies(req.headers.cookie)[SESSION_COOKIE];
    return id ? this.byId.get(id) : undefined;
  }

  /** Is this session still signed in? */
  alive(s: Session): boolean {
    return this.byId.get(s.id) === s;
  }

  /** End a session. */
  delete(s: Session): void {
    this.byId.delete(s.id);
  }
}

/** The `Set-Cookie` value that carries (or, with `undefined`, clears) a session. */
export function sessionCookie(s: Session | undefined): string {
  return s ? `${SESSION_COOKIE}=${s.id}; HttpOnly; SameSite=Strict; Path=/` : `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}

function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}
