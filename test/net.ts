import { createConnection, createServer, type Server, type Socket } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A TCP relay in front of the real Neo4j on 127.0.0.1. `cut()` makes the database
 * unreachable (listener closed, open connections dropped); `restore()` brings it back.
 * `stall()` makes it silent instead: connections stay open and new ones are accepted, but no
 * byte goes through either way (a stalled Neo4j, a network that drops packets) until `unstall()`.
 */
export class BoltRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private stalled = false;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(targetUri: string): Promise<BoltRelay> {
    const u = new URL(targetUri.replace(/^[a-z+]+:/, 'http:'));
    const relay = new BoltRelay(await freePort(), { host: u.hostname, port: Number(u.port || 7687) });
    await relay.restore();
    return relay;
  }

  get uri(): string {
    return `bolt://127.0.0.1:${this.port}`;
  }

  restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      // After pipe(), which starts the flow.
      if (this.stalled) for (const s of [client, upstream]) s.pause();
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
  }

  stall(): void {
    this.stalled = true;
    for (const s of this.sockets) s.pause();
  }

  unstall(): void {
    this.stalled = false;
    for (const s of this.sockets) s.resume();
  }

  cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
