import { describe, expect, it } from 'vitest';
import { erlangC, recommendTeamMoves } from './team-balancing';
import type { BalancingInput, TeamMemberState, WardBalancingState } from './team-balancing';

/** A ward open 8 hours with `perHour` visitors of each field (meanMin 6) and `counters` counters serving all its fields. */
function ward(id: string, fields: readonly string[], perHour: number, counters: number, waiting: Record<string, number> = {}): WardBalancingState {
  return {
    wardId: id,
    dayLengthMin: 480,
    targetWaitMin: 20,
    fields: fields.map((f) => ({ fieldCode: f, meanMin: 6, arrivalsPerHour: Array.from({ length: 8 }, () => perHour) })),
    counters: Array.from({ length: counters }, () => ({ fields })),
    waiting,
  };
}

function member(id: string, fields: readonly string[], atWardId: string | null = null): TeamMemberState {
  return { id, name: `Cán bộ ${id}`, fields, atWardId, arrivesAtMin: 0 };
}

const base = (wards: WardBalancingState[], members: TeamMemberState[], over: Partial<BalancingInput> = {}): BalancingInput => ({
  nowMin: 0,
  travelMin: 30,
  cutoffMin: 240,
  wards,
  members,
  ...over,
});

describe('erlangC', () => {
  it('matches the textbook values', () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(3, 0)).toBe(0);
    expect(erlangC(3, 3)).toBe(1);
  });
});

describe('recommendTeamMoves', () => {
  // 2 counters for 24 visitors/h × 6 min = 2.4 erlangs: over capacity all day. 10/h with 2 counters is quiet.
  const busy = ward('W-busy', ['HT'], 24, 2);
  const quiet = ward('W-quiet', ['HT'], 10, 2);

  it('sends a member to the ward over capacity, after the travel, with the simulated effect', () => {
    const r = recommendTeamMoves(base([quiet, busy], [member('m1', ['HT', 'DD'])]));
    expect(r.moves).toHaveLength(1);
    const mv = r.moves[0]!;
    expect(mv).toMatchObject({ memberId: 'm1', wardId: 'W-busy', fromWardId: null, fieldCodes: ['HT'], fromMin: 30 });
    // Catches: arrival not delayed by the travel (fromMin = nowMin).
    expect(mv.fromMin).toBe(30);
    expect(mv.toMin).toBeGreaterThan(mv.fromMin);
    const eff = r.wards.find((w) => w.wardId === 'W-busy')!;
    expect(eff.lateWithout).toBeGreaterThan(0.3);
    expect(eff.lateWith).toBeLessThan(eff.lateWithout / 2);
    expect(r.wards.find((w) => w.wardId === 'W-quiet')!.lateWith).toBe(r.wards.find((w) => w.wardId === 'W-quiet')!.lateWithout);
  });

  it('sends nobody who does not know the fields of the ward at risk', () => {
    // Catches: a member counted as serving every field of the ward (field knowledge ignored).
    const r = recommendTeamMoves(base([busy], [member('m1', ['DD', 'KD'])]));
    expect(r.moves).toEqual([]);
    const mixed = ward('W-mixed', ['HT', 'DD'], 12, 2);
    const r2 = recommendTeamMoves(base([mixed], [member('m2', ['DD'])]));
    for (const mv of r2.moves) expect(mv.fieldCodes).toEqual(['DD']);
  });

  it('sends nobody for fields of the ward that nobody asks for', () => {
    // A ward whose counters serve HT, CT and DD, overloaded with HT only; a member who knows CT and DD.
    // Catches: a helper counted in the ward's room and its Erlang C servers whatever the work in hand
    // (seen failing before the fix: a CT/DD member sent with 23.8 late visitors "avoided").
    const htOnly: WardBalancingState = {
      ...ward('W-ht', ['CT', 'HT', 'DD'], 0, 2, { HT: 10 }),
      fields: [
        { fieldCode: 'CT', meanMin: 10, arrivalsPerHour: Array.from({ length: 8 }, () => 0) },
        { fieldCode: 'HT', meanMin: 12, arrivalsPerHour: Array.from({ length: 8 }, () => 8) },
        { fieldCode: 'DD', meanMin: 20, arrivalsPerHour: Array.from({ length: 8 }, () => 0) },
      ],
    };
    const none = recommendTeamMoves(base([htOnly], [member('m1', ['DD', 'CT'])], { nowMin: 150, cutoffMin: 420 }));
    expect(none.moves).toEqual([]);
    expect(none.wards[0]!.lateWith).toBe(none.wards[0]!.lateWithout);
    const helps = recommendTeamMoves(base([htOnly], [member('m2', ['HT', 'CT'])], { nowMin: 150, cutoffMin: 420 }));
    expect(helps.moves).toEqual([expect.objectContaining({ memberId: 'm2', fieldCodes: ['CT', 'HT'] })]);
    expect(helps.wards[0]!.lateWith).toBeLessThan(helps.wards[0]!.lateWithout / 2);
  });

  it('sends each member to one ward at a time, and spreads a team over two wards at risk', () => {
    const busy2 = ward('W-busy2', ['HT'], 24, 2);
    const r = recommendTeamMoves(base([busy, busy2], [member('m1', ['HT']), member('m2', ['HT'])]));
    const ids = r.moves.map((m) => m.memberId);
    // Catches: the same member chosen for two wards.
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(r.moves.map((m) => m.wardId))).toEqual(new Set(['W-busy', 'W-busy2']));
  });

  it('announces no move after the cutoff', () => {
    // Catches: the cutoff not checked.
    expect(recommendTeamMoves(base([busy], [member('m1', ['HT'])], { nowMin: 241 })).moves).toEqual([]);
    expect(recommendTeamMoves(base([busy], [member('m1', ['HT'])], { nowMin: 240 })).moves).toHaveLength(1);
  });

  it('moves a member from a quiet ward to a busy one, and leaves a needed member where they are', () => {
    const r = recommendTeamMoves(base([quiet, busy], [member('m1', ['HT'], 'W-quiet')], { nowMin: 60 }));
    expect(r.moves).toEqual([expect.objectContaining({ memberId: 'm1', fromWardId: 'W-quiet', wardId: 'W-busy', fromMin: 90 })]);
    const stay = recommendTeamMoves(base([quiet, busy], [member('m1', ['HT'], 'W-busy')], { nowMin: 60 }));
    expect(stay.moves).toEqual([]);
  });

  it('uses the live queue: a ward with a long queue now gets help even on a quiet forecast', () => {
    const late = ward('W-queue', ['HT'], 10, 2, { HT: 25 });
    const r = recommendTeamMoves(base([quiet, late], [member('m1', ['HT'])], { nowMin: 120 }));
    expect(r.moves.map((m) => m.wardId)).toEqual(['W-queue']);
    // Catches: the live queue ignored (the two wards have the same forecast).
    expect(r.wards[1]!.lateWithout).toBeGreaterThan(r.wards[0]!.lateWithout);
  });

  it('is deterministic', () => {
    const input = base([quiet, busy, ward('W-3', ['HT', 'DD'], 14, 2)], [member('a', ['HT']), member('b', ['DD', 'HT']), member('c', ['DD'])]);
    expect(recommendTeamMoves(input)).toEqual(recommendTeamMoves(input));
  });
});
