/**
 * motcua-agent — the device agent.
 *
 *   motcua-agent [run] --config agent.json     connect to the hub and serve the devices
 *   motcua-agent doctor [--config agent.json] [--no-print] [--json]
 *   motcua-agent virtual [--printed ./data/printed] [--chip | --chip-pace]   start virtual devices, print their config
 *     (--chip: also pcscd + vpcd with a virtual CCCD chip card on "Virtual PCD 00 00"; needs root
 *     and `apt-get install pcscd vsmartcard-vpcd`; --chip-pace: the card also offers PACE with the
 *     CAN it prints)
 *
 * The config file is JSON matching `AgentConfig` (config.ts); MOTCUA_AGENT_CONFIG may name it.
 */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { AgentConfig, DevicesConfig } from '../config';
import { startVirtualDevices } from '../virtual';
import { startVirtualChip, type VirtualChip } from '../virtual/virtual-chip';
import { startAgent } from './agent';
import { runDoctor, type DoctorReport } from './doctor';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readConfigFile(required: boolean): unknown {
  const path = arg('--config') ?? process.env.MOTCUA_AGENT_CONFIG;
  if (!path) {
    if (required) throw new Error('no config: pass --config agent.json or set MOTCUA_AGENT_CONFIG');
    return {};
  }
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function printDoctor(r: DoctorReport): void {
  console.log('Serial ports:');
  if (r.serialPortsError) console.log(`  (cannot list: ${r.serialPortsError})`);
  else if (!r.serialPorts.length) console.log('  none');
  for (const p of r.serialPorts) console.log(`  ${p.path}${p.manufacturer ? `  ${p.manufacturer}` : ''}${p.vendorId ? `  ${p.vendorId}:${p.productId}` : ''}`);
  console.log('USB printers:');
  if (r.usbError) console.log(`  (cannot list: ${r.usbError})`);
  else if (!r.usbPrinters.length) console.log('  none');
  for (const u of r.usbPrinters) console.log(`  usb:${u.vendorId}:${u.productId}  ${u.name ?? ''} ${u.serialNumber ?? ''}`);
  console.log('Configured devices:');
  if (!r.devices.length) console.log('  none (pass --config)');
  for (const d of r.devices) console.log(`  ${d.health === 'ready' ? 'OK  ' : 'FAIL'} ${d.kind.padEnd(10)} ${d.name.padEnd(12)} ${d.health}${d.detail ? ` — ${d.detail}` : ''}`);
  for (const t of r.testPrints) console.log(`  ${t.ok ? 'OK  ' : 'FAIL'} test ticket on ${t.printer}: ${t.detail}`);
}

async function main(): Promise<void> {
  const cmd = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'run';
  if (cmd === 'doctor') {
    const raw = readConfigFile(false) as Record<string, unknown>;
    const devices = DevicesConfig.parse(raw);
    const report = await runDoctor(devices, { print: !process.argv.includes('--no-print'), logger: pino({ level: 'warn' }) });
    if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
    else printDoctor(report);
    const bad = report.devices.some((d) => d.health !== 'ready' && d.health !== 'paper_near_end') || report.testPrints.some((t) => !t.ok);
    process.exitCode = bad ? 1 : 0;
    return;
  }
  if (cmd === 'virtual') {
    const v = await startVirtualDevices({ printedDir: arg('--printed') ?? './data/printed' });
    console.log(JSON.stringify(v.devicesConfig, null, 2));
    console.log(`virtual printer on ${v.printer.url}; Ctrl-C to stop`);
    let chip: VirtualChip | null = null;
    if (process.argv.includes('--chip') || process.argv.includes('--chip-pace')) {
      chip = await startVirtualChip({ pace: process.argv.includes('--chip-pace') });
      console.log(JSON.stringify({ chip: { reader: chip.reader.source, cscaDir: chip.cscaDir, bacKey: chip.bacKey, can: chip.can, citizen: chip.citizen.fullName } }, null, 2));
    }
    const stop = (): void => void Promise.all([v.close(), chip?.close()]).then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  if (cmd !== 'run') throw new Error(`unknown command "${cmd}" (run | doctor | virtual)`);
  const config = AgentConfig.parse(readConfigFile(true));
  const logger = pino({ name: 'motcua-agent', level: config.logLevel });
  const agent = await startAgent({ config, logger });
  const stop = (): void => void agent.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
