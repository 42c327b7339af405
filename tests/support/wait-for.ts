/** Polls `get` until it gives a truthy value (returned), or fails naming `what` after `ms`. */
export async function waitFor<T>(what: string, get: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 20_000, stepMs = 25): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
