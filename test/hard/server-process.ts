import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { ROOT } from '../../server/common/folders.js';
import { freePort } from '../net.js';

/** `server/main.ts` as its own process (as `npm run dev` runs it), with its JSON log lines kept. */
export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown> & { msg?: string; level?: number }>;
  output(): string;
  /** Resolves with the exit code and the moment (performance.now()) the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export async function startServerProcess(env: Record<string, string>, readyWithinMs = 240_000): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      // whatever the shell has: the development sign-in, origin checks against the host itself
      OIDC_ISSUER: '',
      PUBLIC_URL: '',
      NEO4J_DATABASE: '',
      READ_REQUIRES_SIGNIN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const logs: ServerProcess['logs'] = [];
  let partial = '';
  child.stdout!.on('data', (c: Buffer) => {
    text += c.toString();
    partial += c.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );

  const until = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server/main.ts stopped (exit ${child.exitCode}): ${text.trim().slice(-2000)}`);
    const ready = await fetch(`${url}/api/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`server/main.ts was not ready within ${readyWithinMs / 1000} s: ${text.trim().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, child, logs, output: () => text, exited };
}

/** A raw HTTP/1.1 connection, so a test decides when each byte goes and sees when the server closes it. */
export class RawHttp {
  private buffer = '';
  private waiters: Array<() => void> = [];
  closedAt: number | undefined;
  private constructor(readonly socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.buffer += c.toString('latin1');
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closedAt = performance.now();
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawHttp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RawHttp(socket)));
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** The next whole answer (status, headers, body by Content-Length). */
  async answer(timeoutMs = 30_000): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = this.buffer.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (this.buffer.length >= end + 4 + length) {
          const body = this.buffer.slice(end + 4, end + 4 + length);
          this.buffer = this.buffer.slice(end + 4 + length);
          return {
            status: Number(statusLine!.split(' ')[1]),
            headers,
            body: Buffer.from(body, 'latin1').toString('utf8'),
          };
        }
      }
      if (this.closed)
        throw new Error(
          `the connection closed before a whole answer came (had: ${JSON.stringify(this.buffer.slice(0, 200))})`,
        );
      if (Date.now() > until) throw new Error('no whole answer in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has closed the connection (or after timeoutMs, closed or not). */
  async whenClosed(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
