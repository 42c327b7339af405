/**
 * The device agent's configuration (JSON file or object), validated with zod. Which driver and
 * which transport each device gets is decided only from this, in compose.ts.
 *
 * Transport `virtual` makes the agent start the matching virtual device itself and talk to it
 * through the real driver (TCP for printers, a socat PTY for serial devices): for demos and tests.
 */
import { z } from 'zod';
import { HUB_TIME_ZONE } from '@motcua/shared';

const name = z.string().min(1).max(64);

export const TcpTransportConfig = z.object({ type: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100) });
export const FileTransportConfig = z.object({ type: z.literal('file'), path: z.string().min(1) });
export const SerialTransportConfig = z.object({
  type: z.literal('serial'),
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});
const usbId = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/).transform((s) => parseInt(s.replace(/^0x/, ''), 16))]);
export const UsbTransportConfig = z.object({ type: z.literal('usb'), vendorId: usbId.optional(), productId: usbId.optional(), serialNumber: z.string().optional() });
export const VirtualTransportConfig = z.object({ type: z.literal('virtual') });

export const PrinterTransportConfig = z.discriminatedUnion('type', [TcpTransportConfig, FileTransportConfig, SerialTransportConfig, UsbTransportConfig, VirtualTransportConfig]);
export const SerialDeviceTransportConfig = z.discriminatedUnion('type', [SerialTransportConfig, VirtualTransportConfig]);

export const PrinterConfig = z.object({
  name: name.default('printer'),
  transport: PrinterTransportConfig,
  widthDots: z.union([z.literal(384), z.literal(576)]).default(576),
  timeZone: z.string().default(HUB_TIME_ZONE),
  /** False for one-way links: no status, no pre-print check. */
  bidirectional: z.boolean().default(true),
  statusPollMs: z.number().int().min(500).default(5000),
  /**
   * Bytes per second the printer takes (its print speed, or the link's): the status check after a
   * job waits for the job to drain. Default: baud / 10 on serial links, else 16,000.
   */
  linkBytesPerSecond: z.number().int().min(100).optional(),
  /** Virtual printers only: save printed tickets as PNG here. */
  outputDir: z.string().optional(),
});
export type PrinterConfig = z.infer<typeof PrinterConfig>;

export const ScannerConfig = z.object({
  name: name.default('scanner'),
  transport: SerialDeviceTransportConfig,
  interCharTimeoutMs: z.number().int().min(0).max(2000).default(100),
});
export type ScannerConfig = z.infer<typeof ScannerConfig>;

export const KeypadConfig = z.object({ name: name.default('keypad'), transport: SerialDeviceTransportConfig, address: z.number().int().min(1).max(247).default(1) });
export type KeypadConfig = z.infer<typeof KeypadConfig>;

export const RatingPadConfig = z.object({ name: name.default('rating'), transport: SerialDeviceTransportConfig, address: z.number().int().min(1).max(247).default(1) });
export type RatingPadConfig = z.infer<typeof RatingPadConfig>;

export const LedConfig = z.object({
  name: name.default('led'),
  transport: SerialDeviceTransportConfig,
  protocol: z.enum(['addressed', 'modbus']),
  /** Counter number (as shown, "quầy số 3") → bus address. JSON keys are strings. */
  counters: z.record(z.string().regex(/^\d+$/), z.number().int().min(1).max(247)).default({}),
  mainBoardAddress: z.number().int().min(1).max(247).optional(),
});
export type LedConfig = z.infer<typeof LedConfig>;

/**
 * A PC/SC chip reader for the CCCD chip (src/chip/): loaded only when configured, since its
 * binding (`smartcard`) is an optional dependency.
 */
export const ChipReaderConfig = z.object({
  name: name.default('chip'),
  /** Use the first PC/SC reader whose name matches this regular expression (e.g. "ACR1252"); default: the first. */
  reader: z.string().min(1).max(200).optional(),
  /** Folder of CSCA certificates (DER/PEM): without it, a read is "consistent, issuer not verified" and never `verified`. */
  cscaDir: z.string().min(1).nullable().default(null),
  /** Age band edges; include the centre's elderly age (priority.elderlyAge) so the band decides priority. */
  ageEdges: z.array(z.number().int().min(1).max(130)).min(1).max(10).default([6, 16, 60, 75]),
});
export type ChipReaderConfig = z.infer<typeof ChipReaderConfig>;

export const AgentConfig = z
  .object({
    hubUrl: z.string().url(),
    /**
     * The ward CA certificate (PEM file) of an https:// hub: the agent trusts that CA and nothing
     * else (`motcua-hub init` prints where it is and its fingerprint; the hub serves it at
     * http://<hub>/ca.crt). Required for https://; an http:// hub is for a lab or the demo only.
     */
    hubCaFile: z.string().min(1).optional(),
    /** Device token from pairing (`device:pair`). */
    deviceToken: z.string().min(1).max(200),
    printers: z.array(PrinterConfig).default([]),
    scanners: z.array(ScannerConfig).default([]),
    keypads: z.array(KeypadConfig).default([]),
    ratingPads: z.array(RatingPadConfig).default([]),
    leds: z.array(LedConfig).default([]),
    chipReaders: z.array(ChipReaderConfig).default([]),
    print: z
      .object({
        /** Tries per job, including the first. */
        attempts: z.number().int().min(1).max(10).default(3),
        retryDelayMs: z.number().int().min(0).max(60_000).default(1500),
        /**
         * A job that failed before any byte reached the printer (offline, out of paper, cover
         * open) is tried again when the printer is back only within this long of its arrival:
         * while the citizen still stands at the kiosk. Later, the job fails and the kiosk offers
         * a reprint. Keep it below the hub's `printTimeoutMs` (15 s by default).
         */
        retryWithinMs: z.number().int().min(0).max(120_000).default(10_000),
      })
      .default({ attempts: 3, retryDelayMs: 1500, retryWithinMs: 10_000 }),
    /** How often the full device status is reported to the hub (changes are sent at once). */
    statusIntervalMs: z.number().int().min(1000).default(30_000),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.hubUrl.startsWith('https:') && !c.hubCaFile) ctx.addIssue({ code: 'custom', message: 'an https:// hub needs hubCaFile: the ward CA to pin (motcua-hub init prints its path)', path: ['hubCaFile'] });
    const names = [...c.printers, ...c.scanners, ...c.keypads, ...c.ratingPads, ...c.leds, ...c.chipReaders].map((d) => d.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `device name "${dup}" is used twice`, path: ['devices'] });
  });
export type AgentConfig = z.infer<typeof AgentConfig>;
export type AgentConfigInput = z.input<typeof AgentConfig>;

/** Devices only (what `createDevices` needs). */
export type DevicesConfig = Pick<AgentConfig, 'printers' | 'scanners' | 'keypads' | 'ratingPads' | 'leds'> & { chipReaders?: AgentConfig['chipReaders'] };
export const DevicesConfig = z.object({
  printers: z.array(PrinterConfig).default([]),
  scanners: z.array(ScannerConfig).default([]),
  keypads: z.array(KeypadConfig).default([]),
  ratingPads: z.array(RatingPadConfig).default([]),
  leds: z.array(LedConfig).default([]),
  chipReaders: z.array(ChipReaderConfig).default([]),
});

export function parseAgentConfig(input: unknown): AgentConfig {
  return AgentConfig.parse(input);
}
