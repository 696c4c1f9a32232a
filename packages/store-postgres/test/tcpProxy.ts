/**
 * A loopback TCP proxy for fault tests, between an engine and its PostgreSQL server: it
 * forwards, drops every connection at once (as a network cut or a failover does), or stalls
 * them — bytes stop flowing both ways and new connections are accepted but not answered, as
 * when packets are silently lost — until resumed.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** `postgres://…` through the proxy. */
  url: string;
  /** Destroy every open connection (both sides); new ones are forwarded as before. */
  drop(): number;
  /** Stop every byte, on open and on new connections, until {@link TcpProxy.resume}. */
  stall(): void;
  /** Flow again: stalled connections carry on (what they held is delivered), new ones are forwarded. */
  resume(): void;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/** Start a proxy on a free loopback port to `target` (`host:port`), for the given database URL. */
export async function startProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<[Socket, Socket | undefined]>();
  let stalled = false;
  let accepted = 0;
  const waiting: (() => void)[] = [];
  const server: Server = createServer((client) => {
    accepted++;
    const pair: [Socket, Socket | undefined] = [client, undefined];
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pairs.delete(pair);
      pair[1]?.destroy();
    });
    const open = () => {
      if (client.destroyed) return;
      const upstream = connect(Number(target.port), target.hostname);
      pair[1] = upstream;
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      if (stalled) {
        client.pause();
        upstream.pause();
      }
    };
    if (stalled) {
      client.pause();
      waiting.push(open);
    } else open();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const drop = () => {
    const n = pairs.size;
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b?.destroy();
    }
    return n;
  };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    get accepted() {
      return accepted;
    },
    drop,
    stall() {
      stalled = true;
      for (const [a, b] of pairs) {
        a.pause();
        b?.pause();
      }
    },
    resume() {
      stalled = false;
      for (const [a, b] of pairs) {
        a.resume();
        b?.resume();
      }
      for (const open of waiting.splice(0)) open();
    },
    async close() {
      drop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
