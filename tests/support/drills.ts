/** The fault drills `npm run drills` runs (scripts/drills/run.ts), each a function returning its counted report. */
export type { DrillOutcome } from './drill-report';
export { runCrashDrill, type CrashDrillReport } from './crash-drill';
export { runPartitionDrill, type PartitionDrillReport } from './partition-drill';
export { runSlowPrinterDrill, type SlowPrinterDrillReport } from './slow-printer-drill';
export { runBackupRestoreDrill, runCorruptDbDrill, runDiskFullDrill, runClockJumpDrill, type DrillReport } from './storage-drills';
