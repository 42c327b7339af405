/** A worker thread of the simulator CLI: runs one (scenario, policy) job and posts its summary. */
import { parentPort } from 'node:worker_threads';
import type { DispatchConfig, PolicyName } from '../dispatch/types';
import { runWithAdvice } from './advice-run';
import type { AdviceRunSummary } from './advice-run';
import { runScenario } from './run';
import type { PolicySummary } from './run';
import type { Scenario } from './scenario';

export interface SimJob {
  id: number;
  scenario: Scenario;
  policy: PolicyName;
  days: number;
  seed: number;
  predict: boolean;
  /** Base dispatch configuration (motcua knobs, age cap); the policy and the scenario's targets are set per run. */
  config?: DispatchConfig;
  /** Run motcua as is and following the staffing advice (`--advice`), with this reserve budget per day. */
  advice?: { budgetHours?: number };
}

export interface SimJobResult {
  id: number;
  summary: PolicySummary;
  advice?: AdviceRunSummary;
}

export function runJob(job: SimJob): SimJobResult {
  if (job.advice) {
    const r = runWithAdvice(job.scenario, { days: job.days, seed: job.seed, ...(job.config ? { config: job.config } : {}), ...(job.advice.budgetHours !== undefined ? { budgetHours: job.advice.budgetHours } : {}) });
    return { id: job.id, summary: r.with, advice: r };
  }
  const [summary] = runScenario(job.scenario, { days: job.days, seed: job.seed, policies: [job.policy], predictFor: job.predict ? [job.policy] : [], ...(job.config ? { config: job.config } : {}) });
  if (summary === undefined) throw new Error('no summary');
  return { id: job.id, summary };
}

parentPort?.on('message', (job: SimJob) => {
  parentPort?.postMessage(runJob(job));
});
