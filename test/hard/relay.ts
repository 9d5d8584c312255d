import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '../net.js';

/**
 * A TCP relay in front of Neo4j on 127.0.0.1 that holds every chunk for delayMs each way: a
 * database that answers, only slowly (a distant Aura, a busy network), so calls hold their
 * connections longer and a burst of requests outgrows the pool. It runs as a process of its own,
 * so that a test sending a burst from its own process does not slow the relay down as well.
 */
export class LatencyRelay {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(targetUri: string, delayMs: number): Promise<LatencyRelay> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), targetUri, String(delayMs), String(port)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => c.toString().includes('relaying') && resolve());
      child.once('exit', (code) => reject(new Error(`the relay stopped (exit ${code})`)));
    });
    return new LatencyRelay(child, port);
  }

  get uri(): string {
    return `bolt://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

function relay(targetUri: string, delayMs: number, port: number): void {
  const u = new URL(targetUri.replace(/^[a-z+]+:/, 'http:'));
  const target = { host: u.hostname, port: Number(u.port || 7687) };
  const server = createServer((client) => {
    const upstream = createConnection(target);
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
        }, delayMs);
      });
      from.on('close', () => setTimeout(() => to.destroy(), delayMs));
    };
    for (const s of [client, upstream]) s.on('error', () => s.destroy());
    forward(client, upstream);
    forward(upstream, client);
  });
  server.listen(port, '127.0.0.1', () => console.log('relaying'));
  process.on('SIGTERM', () => process.exit(0));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [target, delay, port] = process.argv.slice(2);
  relay(target!, Number(delay), Number(port));
}
