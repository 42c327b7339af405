/**
 * Manager commands of the hub protocol: configuration, devices, audit log, reports. Kept apart from
 * the core protocol so the manager app's contract grows in one place; `ClientToServerEvents`
 * extends it.
 */
import type { Device } from './domain';
import type { Ack } from './protocol';

export interface AuditEvent {
  seq: number;
  at: number;
  day: string;
  type: string;
  actor: string | null;
  payload: unknown;
}

export interface ManagerClientEvents {
  'manager:createPairingCode': (input: { kind: Device['kind']; counterId?: string | null; boundDeviceId?: string | null }, ack: Ack<{ code: string; expiresAt: number }>) => void;
  'manager:events': (input: { afterSeq?: number; limit?: number }, ack: Ack<AuditEvent[]>) => void;
}
