/**
 * Exchanges a one-time pairing code (manager app → "pair a device", kind agent, bound to this
 * counter) for the agent's device token, over a short-lived public socket. With `caPem` (an
 * https:// hub) only the ward CA is trusted; the socket names the hub's own Origin, as the hub
 * admits anonymous sockets only from its own pages (hub-server/src/http/security.ts).
 */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type PairResult, type Result, type ServerToClientEvents } from '@motcua/shared';

export async function pairAgent(hubUrl: string, code: string, name: string, timeoutMs = 8000, caPem: string | null = null): Promise<Result<PairResult>> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(hubUrl, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    extraHeaders: { origin: new URL(hubUrl).origin },
    ...(caPem !== null ? { ca: caPem, rejectUnauthorized: true } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => reject(e));
    });
  } catch (e) {
    socket.close();
    return { ok: false, error: { code: 'service_unavailable', message: `Không kết nối được máy chủ ${hubUrl} để ghép nối thiết bị.`, detail: e instanceof Error ? e.message : String(e) } };
  }
  try {
    const r = await new Promise<Result<PairResult>>((resolve, reject) => {
      socket.timeout(timeoutMs).emit('device:pair', { code, name }, (err, res) => (err ? reject(err) : resolve(res)));
    });
    if (r.ok && r.data.kind !== 'agent') return { ok: false, error: { code: 'pairing_code_invalid', message: 'Mã ghép nối này dành cho loại thiết bị khác (cần loại "agent" gắn với quầy).', detail: `kind ${r.data.kind}` } };
    if (r.ok && !r.data.counterId) return { ok: false, error: { code: 'pairing_code_invalid', message: 'Mã ghép nối chưa gắn với quầy nào: tạo mã mới và chọn quầy.', detail: 'no counterId' } };
    return r;
  } catch (e) {
    return { ok: false, error: { code: 'service_unavailable', message: 'Máy chủ không trả lời yêu cầu ghép nối.', detail: e instanceof Error ? e.message : String(e) } };
  } finally {
    socket.close();
  }
}
