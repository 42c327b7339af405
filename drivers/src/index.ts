/**
 * @motcua/drivers — device interfaces, real drivers, virtual devices and the device agent.
 * Pick drivers only through `createDevices(config)` (the composition root); everything else
 * should depend on the interfaces.
 */
// errors, logging
export { DeviceError, isDeviceError, toDeviceError, DEVICE_ERROR_CODES, type DeviceClass, type DeviceErrorCode } from './errors';
export { rootLogger, componentLogger, type Logger } from './logger';
export type { HealthReport, DeviceHealth } from './peripheral';

// configuration and composition root
export {
  AgentConfig,
  DevicesConfig,
  PrinterConfig,
  ScannerConfig,
  KeypadConfig,
  RatingPadConfig,
  LedConfig,
  parseAgentConfig,
  type AgentConfigInput,
} from './config';
export { createDevices, printerTransport, type DeviceSet } from './compose';

// printer
export type { TicketPrinter, PrintReport, TicketPrintData } from './printer/types';
export { EscPosPrinter, type EscPosPrinterOptions } from './printer/escpos-printer';
export { renderTicket, renderTicketCanvas, formatIssuedAt, type RenderTicketOptions, type PaperWidthDots } from './printer/ticket-render';
export { registerTicketFonts, TICKET_FONT_FAMILY } from './printer/fonts';
export { type MonoBitmap, createBitmap, getDot, packRgba, stackBitmaps, bitmapToRgba } from './printer/bitmap';
export { bitmapToPng, pngToRgba } from './printer/png';
export { encodeRasterJob, rasterBands, initialize, align, feedLines, cut, statusQuery, concatBytes, DEFAULT_BAND_ROWS } from './printer/escpos';
export { EscPosDecoder, type EscPosEvent } from './printer/escpos-decoder';
export { mapStatus, isStatusByte, statusBytesFor, PRINTER_STATES, type PrinterState, type PrinterStatus, type StatusBytes } from './printer/status';
export { sampleTicket } from './printer/sample-ticket';

// transports
export type { ByteTransport } from './transport/transport';
export { TcpTransport } from './transport/tcp';
export { SerialTransport, type SerialOptions } from './transport/serial';
export { DeviceFileTransport } from './transport/device-file';
export { UsbTransport, listUsbPrinters, findPrinterEndpoints, type UsbPrinterDevice, type UsbSelector, type PrinterEndpoints } from './transport/usb';

// scanner
export type { IdScanner, ScanEvent } from './scanner/types';
export { SerialScanner, type SerialScannerOptions } from './scanner/serial-scanner';

// keypad, rating pad, LED
export { SerialKeypad, KEY_CODES, decodeKey, type CallKeypad, type KeyEvent } from './keypad/keypad';
export { SerialRatingPad, type RatingPad, type RatingEvent } from './rating/rating-pad';
export { SerialLedBus, type LedBoard, type LedBusOptions } from './led/led-board';
export { addressedProtocol, modbusProtocol, LED_PROTOCOLS, LedBusDecoder, checksum8, crc16Modbus, numericPart, type LedProtocol, type LedProtocolId } from './led/protocols';

// framing
export { LineFramer, decodeUtf8, type FramerOutput } from './serial/line-framer';
export { VendorFrameParser, encodeVendorFrame, type VendorFrame } from './serial/vendor-frame';
export { encodeSentence, parseSentence, type Sentence } from './serial/sentence';
export { openPtyPair, type PtyPair } from './serial/pty';

// virtual devices
export * from './virtual';

// agent
export { DeviceAgent, startAgent, type AgentOptions, type AgentEvents, type PrintOutcome, type AgentSocket } from './agent/agent';
export { runDoctor, testTicket, type DoctorReport } from './agent/doctor';
export * from './shell'; // Electron shell helpers (kiosk, counter, display)
