import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '@motcua/shared';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- socket.io's inter-server event map; we use none
type InterServerEvents = {};
export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
