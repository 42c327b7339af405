/**
 * A PC/SC client that blocks its own thread while pcscd asks the virtual card a question, run by
 * chip.medium.test.ts in a child process (so that a hang is a timeout there, not a hung suite).
 *
 * The smartcard binding's `card.disconnect()` is synchronous. pcscd polls the card's presence
 * every 400 ms through vpcd, holding the reader's lock until the card answers, and takes that lock
 * to finish the reader's last SCardDisconnect. So: connect, keep this thread busy for 1 s (a poll
 * now waits in the card's socket), then disconnect. With the card answering on this thread (the
 * old in-process VpcdCardConnection) the disconnect never returns; a card in a VpcdCardSlot
 * answers from its own thread and the disconnect returns at once.
 *
 * Prints `{ "rounds": 3, "disconnectMs": [...] }` and exits 0. Needs a running pcscd with vpcd
 * (it attaches to it) and no other card in the reader.
 */
import { Context, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_SHARE_SHARED, SCARD_STATE_PRESENT, type ReaderInterface } from 'smartcard';
import { startPcscHarness } from '../../virtual/pcsc-harness';
import { VpcdCardSlot } from '../../virtual/vpcd-card-slot';

const ROUNDS = 3;
const BUSY_MS = 1000;

async function main(): Promise<void> {
  const harness = await startPcscHarness({ apduLog: false });
  const slot = new VpcdCardSlot({ port: harness.vpcdPort, logLevel: 'silent' });
  const ctx = new Context();
  try {
    await slot.insert({ kind: 'not_cccd' }, 10_000);
    const deadline = Date.now() + 10_000;
    let reader: ReaderInterface | undefined;
    while (!(reader = ctx.listReaders().find((r) => /Virtual PCD 00 00/.test(r.name) && (r.state & SCARD_STATE_PRESENT) !== 0))) {
      if (Date.now() > deadline) throw new Error('the virtual card was not seen in the reader within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const disconnectMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const card = await reader.connect(SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
      const busyUntil = Date.now() + BUSY_MS;
      while (Date.now() < busyUntil) {
        // This thread is busy: pcscd's next presence poll waits in the card's socket.
      }
      const t = performance.now();
      card.disconnect();
      disconnectMs.push(Math.round(performance.now() - t));
    }
    process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, disconnectMs })}\n`);
  } finally {
    ctx.close();
    await slot.close();
    await harness.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
