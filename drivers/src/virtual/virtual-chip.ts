/**
 * A virtual CCCD chip card for the demo and manual tests (`motcua-agent virtual --chip`): starts
 * pcscd + vpcd (or uses the running pcscd), makes a test CSCA and a card for an invented citizen,
 * writes the CSCA to a folder for the driver's `cscaDir`, and keeps the card on the reader
 * "Virtual PCD 00 00" until `remove()` or `close()`. With `pace` (`--chip-pace`) the card also
 * offers PACE (brainpoolP256r1, AES-128) with the CAN printed on it (`can`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { cccdBacKey, type BacKeyInput } from '../chip/mrz';
import { TEST_CITIZEN, type TestCitizen } from './cccd-test-data';

// For tests outside drivers (`@motcua/drivers/virtual-chip`): the invented citizens and what the harness needs.
export { TEST_CITIZEN, TEST_CITIZEN_YOUNG, type TestCitizen } from './cccd-test-data';
export { INSTALL_HINT, PCSCD, VPCD_DRIVER } from './pcsc-harness';
import { startPcscHarness } from './pcsc-harness';
import { createTestPki } from './test-pki';
import { cccdCardFiles } from './virtual-cccd-chip';
import { VpcdCardSlot } from './vpcd-card-slot';

export interface VirtualChip {
  /** Name pattern of the PC/SC reader the card is in. */
  reader: RegExp;
  vpcdPort: number;
  /** Folder holding the test CSCA certificate (DER). */
  cscaDir: string;
  citizen: TestCitizen;
  /** The MRZ data that opens the card. */
  bacKey: BacKeyInput;
  /** The card access number printed on the card when it offers PACE; null: a BAC-only card. */
  can: string | null;
  /** Puts the card back on the reader: the same card, or (tests) a card for `other` signed by the same test CSCA. */
  insert(other?: TestCitizen): Promise<void>;
  remove(): Promise<void>;
  close(): Promise<void>;
}

export async function startVirtualChip(opts: { citizen?: TestCitizen; logger?: Logger; pace?: boolean } = {}): Promise<VirtualChip> {
  const citizen = opts.citizen ?? TEST_CITIZEN;
  /** An invented CAN for the demo card (a real one is printed on the card's front). */
  const can = opts.pace ? '482915' : null;
  const pace = can ? ({ cipher: 'AES-128', parameterId: 13, can } as const) : undefined;
  const harness = await startPcscHarness({ apduLog: false });
  const cscaDir = mkdtempSync(join(tmpdir(), 'motcua-csca-'));
  // The card answers vpcd from a thread of its own: this process may also be the PC/SC client.
  const slot = new VpcdCardSlot({ port: harness.vpcdPort, logLevel: opts.logger?.level });
  try {
    const pki = await createTestPki();
    writeFileSync(join(cscaDir, 'test-csca.der'), pki.cscaDer);
    const files = await cccdCardFiles(citizen, pki);
    const remove = (): Promise<void> => slot.remove();
    // The slot takes the card before out itself.
    const insert = async (other?: TestCitizen): Promise<void> => {
      await slot.insert(other ? { files: await cccdCardFiles(other, pki), citizen: other, pace } : { files, citizen, pace }, 10_000);
    };
    await insert();
    return {
      reader: /Virtual PCD 00 00/,
      vpcdPort: harness.vpcdPort,
      cscaDir,
      citizen,
      bacKey: cccdBacKey(citizen.idNumber, citizen.dateOfBirth, citizen.expiryDate),
      can,
      insert,
      remove,
      async close() {
        await slot.close();
        await harness.stop();
        rmSync(cscaDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await slot.close();
    await harness.stop();
    rmSync(cscaDir, { recursive: true, force: true });
    throw e;
  }
}
