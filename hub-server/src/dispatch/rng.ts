/**
 * A small seeded random source (sfc32 seeded through splitmix32) and the distributions the day
 * generator needs. Everything random in the simulator goes through one of these, so a seed fixes
 * a day completely.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded generator; `streams` mixes extra integers in (day index, purpose) so streams are independent. */
export function createRandom(seed: number, ...streams: number[]): Random {
  const st = { s: seed | 0 };
  let mix = splitmix32(st);
  for (const x of streams) {
    st.s = (st.s ^ Math.imul(x + 1, 0x27d4eb2d) ^ mix) | 0;
    mix = splitmix32(st);
  }
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** Standard normal by Box–Muller (one value per call; simple beats clever here). */
export function normal(rng: Random): number {
  let u = rng.next();
  while (u <= 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal with the given mean and coefficient of variation. */
export function lognormal(rng: Random, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const s2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - s2 / 2;
  return Math.exp(mu + Math.sqrt(s2) * normal(rng));
}

/** Poisson by inversion for small means, normal approximation with continuity correction above 500. */
export function poisson(rng: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  // Multiplication method split in chunks to avoid underflow of exp(-mean).
  let k = 0;
  let remaining = mean;
  while (remaining > 0) {
    const step = Math.min(remaining, 30);
    remaining -= step;
    const limit = Math.exp(-step);
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
  }
  return k;
}

/** Index drawn by weights (need not sum to 1). */
export function pickWeighted(rng: Random, cumulative: Float64Array): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const u = rng.next() * total;
  for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] ?? 0)) return i;
  return cumulative.length - 1;
}
