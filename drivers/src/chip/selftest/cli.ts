/**
 * `npm run chip:selftest [-- --json]`: starts pcscd + vpcd (or uses the running pcscd), puts the
 * virtual CCCD chip (test data signed by a CSCA made now) in the reader, reads it through the real
 * driver (ChipScanner → smartcard → pcscd), then tries a wrong BAC key, then does the same with a
 * card that offers PACE (CAN, brainpoolP256r1, AES-128) and a wrong CAN, and prints
 *   { reader, bac, dg1, dg13, sod_hashes_ok, issuer_verified, wrong_key_refused, ms,
 *     pace, pace_ms, wrong_can_refused }.
 * Exits 1 if any check fails or a read takes longer than 1.5 s (the target for DG1 + DG13).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { TEST_CITIZEN } from '../../virtual/cccd-test-data';
import { startPcscHarness } from '../../virtual/pcsc-harness';
import { createTestPki } from '../../virtual/test-pki';
import { cccdCardFiles } from '../../virtual/virtual-cccd-chip';
import { VpcdCardSlot } from '../../virtual/vpcd-card-slot';
import { ChipScanner } from '../chip-scanner';
import { cccdBacKey } from '../mrz';

const TARGET_MS = 1500;

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const logger = pino({ level: json ? 'silent' : 'error' });
  const harness = await startPcscHarness({ apduLog: false });
  const dir = mkdtempSync(join(tmpdir(), 'chip-selftest-'));
  // The card answers vpcd from a thread of its own: this process is also the PC/SC client.
  const slot = new VpcdCardSlot({ port: harness.vpcdPort, logLevel: logger.level });
  let scanner: ChipScanner | null = null;
  try {
    const pki = await createTestPki();
    writeFileSync(join(dir, 'test-csca.der'), pki.cscaDer);
    const files = await cccdCardFiles(TEST_CITIZEN, pki);
    scanner = new ChipScanner({ reader: /Virtual PCD 00 00/, cscaDir: dir, pseudonymKey: new Uint8Array(32).fill(9), logger });
    await scanner.start();
    const s = scanner;
    await until(() => s.health().health === 'ready', 'the vpcd reader did not appear through PC/SC');
    const key = cccdBacKey(TEST_CITIZEN.idNumber, TEST_CITIZEN.dateOfBirth, TEST_CITIZEN.expiryDate);

    await slot.insert({ files, citizen: TEST_CITIZEN }, 10_000);
    await until(() => s.cardPresent(), 'the virtual card was not seen in the reader');
    const good = await s.read(key, { timeoutMs: 10_000 });

    await slot.remove();
    await until(() => !s.cardPresent(), 'the card removal was not seen');
    await slot.insert({ files, citizen: TEST_CITIZEN }, 10_000);
    await until(() => s.cardPresent(), 'the virtual card was not seen in the reader');
    const wrong = await s.read(cccdBacKey(TEST_CITIZEN.idNumber, TEST_CITIZEN.dateOfBirth, '2034-03-12'), { timeoutMs: 10_000 });

    // The same with a card that offers PACE: the CAN printed on it opens it, another does not.
    const pace = { cipher: 'AES-128', parameterId: 13, can: '482915' } as const;
    const swap = async (): Promise<void> => {
      await slot.remove();
      await until(() => !s.cardPresent(), 'the card removal was not seen');
      await slot.insert({ files, citizen: TEST_CITIZEN, pace }, 10_000);
      await until(() => s.cardPresent(), 'the virtual card was not seen in the reader');
    };
    await swap();
    const paced = await s.read({ can: pace.can }, { timeoutMs: 10_000 });
    await swap();
    const wrongCan = await s.read({ can: '000000' }, { timeoutMs: 10_000 });
    const p = paced.result.ok ? paced.result : null;

    const ok = good.result.ok ? good.result : null;
    const out = {
      reader: good.reader,
      bac: ok?.checks.bac ?? false,
      dg1: ok?.checks.dg1 ?? false,
      dg13: (ok?.checks.dg13 ?? false) && ok?.citizen.fullName === TEST_CITIZEN.fullName,
      sod_hashes_ok: ok?.checks.sodHashes ?? false,
      issuer_verified: ok?.checks.issuerVerified ?? false,
      wrong_key_refused: !wrong.result.ok && wrong.result.error.code === 'access_denied',
      ms: ok?.ms ?? null,
      pace: (p?.checks.pace ?? false) && p?.access.cipher === 'AES-128' && p.checks.sodHashes && p.checks.issuerVerified && p.citizen.fullName === TEST_CITIZEN.fullName,
      pace_ms: p?.ms ?? null,
      wrong_can_refused: !wrongCan.result.ok && wrongCan.result.error.code === 'access_denied',
    };
    const failed = [good, paced].find((e) => !e.result.ok)?.result;
    const error = failed && !failed.ok ? `${failed.error.code}: ${failed.error.messageEn}` : undefined;
    if (json) console.log(JSON.stringify(error ? { ...out, error } : out));
    else {
      console.log(`chip self-test through ${harness.ownDaemon ? 'a pcscd started for it' : 'the running pcscd'} (vpcd port ${harness.vpcdPort})`);
      console.log(JSON.stringify(error ? { ...out, error } : out, null, 2));
    }
    const slow = [out.ms, out.pace_ms].some((ms) => ms !== null && ms > TARGET_MS);
    const pass = out.bac && out.dg1 && out.dg13 && out.sod_hashes_ok && out.issuer_verified && out.wrong_key_refused && out.pace && out.wrong_can_refused && out.ms !== null && out.pace_ms !== null && !slow;
    if (!pass && !json) console.error(slow ? `FAIL: a read took ${out.ms} / ${out.pace_ms} ms (target ≤ ${TARGET_MS} ms)` : 'FAIL');
    return pass ? 0 : 1;
  } finally {
    await slot.close();
    await scanner?.close();
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`chip self-test could not run: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
