/**
 * A TCP proxy on loopback standing for the ward's internet link: `cut()` drops every connection
 * and refuses new ones (connections are reset), `restore()` lets them through again, and
 * `dropAnswers(n)` lets the next n requests reach the city but throws its answers away (the
 * connection is reset when the answer arrives): the city has the batch, the hub never hears so.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface LinkProxy {
  url: string;
  readonly cuts: number;
  /** Answers thrown away so far. */
  readonly dropped: number;
  cut(): void;
  dropAnswers(n: number): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startLinkProxy(targetPort: number): Promise<LinkProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  let cuts = 0;
  let toDrop = 0;
  let dropped = 0;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    track(upstream);
    client.pipe(upstream);
    if (toDrop > 0) {
      toDrop--;
      upstream.once('data', () => {
        dropped++;
        client.resetAndDestroy();
        upstream.destroy();
      });
    } else upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    get dropped() {
      return dropped;
    },
    dropAnswers(n: number) {
      toDrop = n;
    },
    cut() {
      open = false;
      cuts++;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore() {
      open = true;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
