/**
 * A throwaway PostgreSQL 15 server for tests: initdb + pg_ctl as the `postgres` user into a
 * temp dir, on a free loopback port. `unavailable()` says why it cannot run here.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** Why a server cannot be started here, or undefined when it can. */
export function unavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb'))) return `${BIN}/initdb is missing (apt-get install -y postgresql)`;
  if (process.getuid?.() !== 0) return 'not root: initdb must run as the postgres user via su, which needs root';
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    return 'there is no postgres user';
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  url: string;
  /** The same server over its unix-domain socket. */
  socketUrl: string;
  /** Crash the server: `pg_ctl stop -m immediate` (no shutdown checkpoint; the next start recovers from the WAL). */
  crash(): void;
  /** Start it again on the same data directory and port (after {@link PgServer.crash}); waits until it accepts connections. */
  restart(): void;
  stop(): void;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** Durable commits (fsync on, the server default). Default false: tests need no durability across a machine crash, and run faster. */
  fsync?: boolean;
  /** More `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

/** Start a server (~1–2 s); `stop()` shuts it down and removes its directory. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PgServer> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-pg-'));
  const data = join(dir, 'data');
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const port = await freePort();
  const su = (cmd: string) => execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' });
  const settings: Record<string, string | number> = { ...(options.fsync ? {} : { fsync: 'off' }), ...options.settings };
  const extra = Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('');
  su(`${BIN}/initdb -D ${data} -U postgres --auth=trust -N`);
  const start = `${BIN}/pg_ctl -D ${data} -w -l ${dir}/log -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${extra}" start`;
  su(start);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://postgres@/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    crash() {
      su(`${BIN}/pg_ctl -D ${data} -w -m immediate stop`);
    },
    restart() {
      su(start);
    },
    stop() {
      try {
        // Not running (left crashed by a test): nothing to stop.
        if (existsSync(join(data, 'postmaster.pid'))) su(`${BIN}/pg_ctl -D ${data} -w -m fast stop`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
