// The parser lives in shared (the kiosk UI uses it for the keyboard-wedge fallback). shared's
// index does not re-export it yet, so it is imported by path here, in one place.
export { parseCccdQr, parseCccdDate, createWedgeCollector, CCCD_MAX_LENGTH } from '../../../shared/src/cccd';
export type { CccdData, CccdError, CccdErrorCode, CccdField, CccdResult, ParseCccdOptions, WedgeCollector } from '../../../shared/src/cccd';
