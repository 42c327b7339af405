/**
 * The thread of a `VpcdCardSlot`: holds one `VirtualCccdCard` at a time in vpcd's reader and
 * answers vpcd on this thread's own event loop, whatever the slot's thread is doing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { VirtualCccdCard, VpcdCardConnection } from './virtual-cccd-chip';
import type { SlotMessage, SlotRequest, VpcdCardSlotOptions } from './vpcd-card-slot';

const port = parentPort;
if (!port) throw new Error('vpcd-card-worker runs as the worker thread of a VpcdCardSlot');
const opts = workerData as VpcdCardSlotOptions;
const logger = opts.logLevel ? pino({ level: opts.logLevel }) : undefined;

let conn: VpcdCardConnection | null = null;
let card: VirtualCccdCard | null = null;

const post = (m: SlotMessage): void => port.postMessage(m);

async function handle(req: SlotRequest): Promise<void> {
  switch (req.op) {
    case 'insert': {
      conn?.remove();
      card = new VirtualCccdCard(req.card);
      const c = new VpcdCardConnection(card, {
        host: opts.host,
        port: opts.port,
        logger,
        onRemoved: () => {
          if (conn === c) conn = null;
          post({ removed: req.id });
        },
      });
      conn = c;
      await c.insert(req.timeoutMs);
      post({ id: req.id, ok: true });
      return;
    }
    case 'remove':
      conn?.remove();
      conn = null;
      post({ id: req.id, ok: true });
      return;
    case 'log':
      post({ id: req.id, ok: true, log: [...(card?.log ?? [])] });
      return;
  }
}

port.on('message', (req: SlotRequest) => {
  handle(req).catch((e: unknown) => post({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) }));
});
