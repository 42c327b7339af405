/**
 * The targets of issue 16 as a check over the simulator's summaries (`npm run sim -- ... --targets`):
 * on every feasible scenario (not "-overload"), with the baselines run on the same days,
 * - motcua's late share at most the two-line rule's + 0.3 pt, and its over45 at most shared-edf's;
 * - prediction: predict_mae_queued ≤ 4.0 min and predict_over10 ≤ 5 %;
 * - following the advice (`--advice --advice-budget 2`): late ≤ 1.5 % and over30 ≤ 0.5 %;
 * and on overload scenarios today's bounds: motcua late ≤ half of shared-edf's, visitor_p99 ≤ 120.
 * A check whose inputs are missing (a policy not run) is reported as skipped, never as passed.
 */
import type { PolicySummary } from './run';

export interface TargetCheck {
  scenario: string;
  target: string;
  value: number | null;
  bound: number | null;
  status: 'pass' | 'fail' | 'skipped';
}

export const isOverload = (scenario: string): boolean => /overload/.test(scenario);

function check(scenario: string, target: string, value: number | null | undefined, bound: number | null | undefined): TargetCheck {
  if (value === null || value === undefined || bound === null || bound === undefined) return { scenario, target, value: value ?? null, bound: bound ?? null, status: 'skipped' };
  return { scenario, target, value, bound, status: value <= bound ? 'pass' : 'fail' };
}

/** Targets of the policy run (`rows`: one summary per scenario and policy, motcua with prediction). */
export function policyTargets(rows: readonly PolicySummary[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const scenario of [...new Set(rows.map((r) => r.scenario))]) {
    const of = (p: string): PolicySummary | undefined => rows.find((r) => r.scenario === scenario && r.policy === p);
    const m = of('motcua');
    const edf = of('shared-edf');
    const two = of('two-line');
    if (isOverload(scenario)) {
      out.push(check(scenario, 'late <= shared-edf late / 2', m?.late, edf ? edf.late / 2 : null));
      out.push(check(scenario, 'visitor_p99 <= 120', m?.visitor_p99, 120));
      continue;
    }
    out.push(check(scenario, 'late <= two-line late + 0.003', m?.late, two ? two.late + 0.003 : null));
    out.push(check(scenario, 'over45 <= shared-edf over45', m?.over45, edf?.over45));
    out.push(check(scenario, 'predict_mae_queued <= 4.0', m?.predict_mae_queued, 4.0));
    out.push(check(scenario, 'predict_over10 <= 0.05', m?.predict_over10, 0.05));
  }
  return out;
}

/** Targets of the advice run (`--advice --advice-budget 2`: the summaries with the advice followed). */
export function adviceTargets(withAdvice: readonly PolicySummary[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const r of withAdvice) {
    if (isOverload(r.scenario)) continue;
    out.push(check(r.scenario, 'advice: late <= 0.015', r.late, 0.015));
    out.push(check(r.scenario, 'advice: over30 <= 0.005', r.over30, 0.005));
  }
  return out;
}

export function formatChecks(checks: readonly TargetCheck[]): string {
  const f = (x: number | null): string => (x === null ? '-' : Math.abs(x) < 1 ? x.toFixed(4) : x.toFixed(1));
  return checks.map((c) => `${c.status.toUpperCase().padEnd(7)} ${c.scenario.padEnd(20)} ${c.target.padEnd(32)} ${f(c.value)} (bound ${f(c.bound)})`).join('\n');
}
