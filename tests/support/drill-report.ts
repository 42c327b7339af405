/**
 * What every fault drill reports (scripts/drills/run.ts prints it, tests/drills.test.ts checks it):
 * `lost`, `duplicated` and `hub_exits` are counted by the drill, never assumed; a drill that cannot
 * run here says why in `skipped` and does not pass. Each drill adds its own figures.
 */
export interface DrillOutcome {
  name: string;
  passed: boolean;
  lost: number;
  duplicated: number;
  hub_exits: number;
  skipped?: string;
  problems: string[];
}
