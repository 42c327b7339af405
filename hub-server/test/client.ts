/** Test helpers: a typed socket.io client and a promise around acknowledged commands. */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type Result, type ServerToClientEvents } from '@motcua/shared';

export type HubClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  /**
   * The Origin header: by default the hub's own (what its pages send), so anonymous test sockets
   * pass the hub's Origin rule (http/security.ts); null sends none, like a device agent.
   */
  origin?: string | null;
  /** The CA to trust (PEM) for an https:// hub: the ward CA; nothing else is trusted then. */
  ca?: string;
}

export function connect(url: string, token?: string, protocolVersion: number = PROTOCOL_VERSION, opts: ConnectOptions = {}): Promise<HubClient> {
  const origin = opts.origin === undefined ? new URL(url).origin : opts.origin;
  const socket: HubClient = io(url, {
    auth: token ? { protocolVersion, token } : { protocolVersion },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(origin !== null ? { extraHeaders: { origin } } : {}),
    ...(opts.ca !== undefined ? { ca: opts.ca, rejectUnauthorized: true } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

type Cmd = keyof ClientToServerEvents;
type Input<E extends Cmd> = Parameters<ClientToServerEvents[E]>[0];
type Output<E extends Cmd> = Parameters<ClientToServerEvents[E]>[1] extends (r: infer R) => void ? R : never;

export function send<E extends Cmd>(socket: HubClient, event: E, input: Input<E>): Promise<Output<E>> {
  return new Promise((resolve) => {
    // socket.io's typed emit cannot see through the generic E; the event map still types input and output.
    (socket.emit as (e: string, i: unknown, ack: (r: unknown) => void) => void)(event, input, (r) => resolve(r as Output<E>));
  });
}

export function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.detail ?? r.error.message}`);
  return r.data;
}
