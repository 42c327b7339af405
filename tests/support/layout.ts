/**
 * What can go wrong with a screen's layout, measured in Chromium: a box that leaves the viewport
 * (sideways, or below the fold for what must be seen without scrolling), text cut off or spilling
 * out of its box, an element that covers a tile, text too small to read, "0 phút" on screen.
 * Used by tests/screens/citizen-screens.test.ts and the display's readability test.
 */
import type { Page } from 'playwright-core';

export interface LayoutCheck {
  /** Selectors whose every match must be wholly inside the viewport and on top (not covered). */
  mustSee?: readonly string[];
  /** The same for selectors that may be absent from this screen (checked only where they match). */
  ifShown?: readonly string[];
  /** Selectors of tiles nothing may cover (checked at their centre and near their corners). */
  tiles?: readonly string[];
}

/**
 * Problems found on the page as it is now, one line each (empty: none). Every visible element's
 * visible part (after the clipping of a scrolling or hidden-overflow ancestor) must lie in the
 * viewport; a piece of text may not be wider than its box unless it is cut with an ellipsis or a
 * line clamp on purpose.
 */
export async function layoutProblems(page: Page, check: LayoutCheck = {}): Promise<string[]> {
  return page.evaluate(({ mustSee, ifShown, tiles }) => {
    const out: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const describe = (el: Element): string => {
      const id = el.getAttribute('data-testid');
      const cls = el.className.toString().trim().split(/\s+/)[0];
      const text = (el.textContent ?? '').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${cls ? ` .${cls}` : ''}> "${text}"`;
    };
    const shown = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
    };
    /** The part of the element its clipping ancestors let through. */
    const visibleRect = (el: Element): { left: number; top: number; right: number; bottom: number } => {
      const r = el.getBoundingClientRect();
      let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const c = a.getBoundingClientRect();
          box = { left: Math.max(box.left, c.left), top: Math.max(box.top, c.top), right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom) };
        }
      }
      return box;
    };
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!shown(el) || el.closest('svg') !== null && el.tagName.toLowerCase() !== 'svg') continue;
      const v = visibleRect(el);
      if (v.right <= v.left || v.bottom <= v.top) continue; // wholly clipped (a list scrolled away, a ticker's far half)
      if (v.left < -1 || v.right > vw + 1 || v.top < -1 || v.bottom > vh + 1) out.push(`outside the ${vw}×${vh} viewport: ${describe(el)} at ${Math.round(v.left)},${Math.round(v.top)}–${Math.round(v.right)},${Math.round(v.bottom)}`);
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (own) {
        // Text cut across by the edge of a scrolling area: half a line showing at the bottom of the screen.
        const r = el.getBoundingClientRect();
        if (v.bottom - v.top < r.height - 2) out.push(`text cut by the edge of a scrolling area (${Math.round(v.bottom - v.top)} of ${Math.round(r.height)} px showing): ${describe(el)}`);
        // Text under something else (a sticky button over a notice, a badge over a label).
        const x = (v.left + v.right) / 2;
        const y = (v.top + v.bottom) / 2;
        const hit = x >= 0 && y >= 0 && x <= vw && y <= vh ? document.elementFromPoint(x, y) : null;
        if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) out.push(`text covered: ${describe(el)} by ${describe(hit)}`);
      }
      if (own && el instanceof HTMLElement) {
        const s = getComputedStyle(el);
        const cut = s.textOverflow === 'ellipsis' || s.webkitLineClamp !== 'none';
        if (!cut && s.display !== 'inline' && el.scrollWidth > el.clientWidth + 1) out.push(`text wider than its box (${el.scrollWidth} > ${el.clientWidth} px): ${describe(el)}`);
      }
    }
    /** How far in from a corner a point is inside the box, its rounded corner included (0.3 × the radius). */
    const cornerInset = (el: Element, r: DOMRect): number => Math.min(Math.ceil(0.3 * (parseFloat(getComputedStyle(el).borderTopLeftRadius) || 0)) + 3, r.width / 4, r.height / 4);
    /** Its centre and a point near each corner (inside a rounded corner's curve). */
    const probePoints = (el: Element, r: DOMRect): [number, number][] => {
      const inset = cornerInset(el, r);
      return [
        [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
        [r.left + inset, r.top + inset],
        [r.right - inset, r.top + inset],
        [r.left + inset, r.bottom - inset],
        [r.right - inset, r.bottom - inset],
      ];
    };
    const onTop = (el: Element, x: number, y: number): boolean => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (hit === el || el.contains(hit));
    };
    for (const sel of [...mustSee, ...ifShown]) {
      const els = Array.from(document.querySelectorAll(sel)).filter(shown);
      if (els.length === 0 && mustSee.includes(sel)) out.push(`not on screen: ${sel}`);
      for (const el of els) {
        const r = el.getBoundingClientRect();
        const v = visibleRect(el);
        if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1 || v.bottom - v.top < r.height - 2 || v.right - v.left < r.width - 2) {
          out.push(`not wholly on screen: ${sel} ${describe(el)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
          continue;
        }
        // Its centre and near its corners: a sticky button sliding over the bottom of another counts.
        const points = probePoints(el, r);
        const hidden = points.find(([x, y]) => !onTop(el, x, y));
        if (hidden) out.push(`covered: ${sel} ${describe(el)} at ${Math.round(hidden[0])},${Math.round(hidden[1])} by ${describe(document.elementFromPoint(hidden[0], hidden[1]) ?? document.body)}`);
      }
    }
    for (const sel of tiles) {
      for (const el of Array.from(document.querySelectorAll(sel)).filter(shown)) {
        const r = el.getBoundingClientRect();
        const points = probePoints(el, r);
        for (const [x, y] of points) {
          if (x < 0 || y < 0 || x > vw || y > vh) continue;
          if (!onTop(el, x, y)) {
            out.push(`tile covered at ${Math.round(x)},${Math.round(y)}: ${describe(el)} by ${describe(document.elementFromPoint(x, y) ?? document.body)}`);
            break;
          }
        }
      }
    }
    const text = document.body.innerText;
    const zero = /(^|[^\d–\-.,])0 (phút|min)\b/.exec(text);
    if (zero) out.push(`a zero wait on screen: "${text.slice(Math.max(0, zero.index - 20), zero.index + 20)}"`);
    return out;
  }, { mustSee: check.mustSee ?? [], ifShown: check.ifShown ?? [], tiles: check.tiles ?? [] });
}

/** Every visible element with text of its own, and its computed font size in CSS px. */
export async function textSizes(page: Page): Promise<{ text: string; px: number; cls: string }[]> {
  return page.evaluate(() => {
    const out: { text: string; px: number; cls: string }[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      out.push({ text: own.slice(0, 40), px: parseFloat(style.fontSize), cls: el.className.toString() });
    }
    return out;
  });
}

/** How far down the lowest visible piece of content reaches, as a share of the viewport's height. */
export async function contentBottomShare(page: Page, within: string): Promise<number> {
  return page.evaluate((sel) => {
    let bottom = 0;
    const root = document.querySelector(sel);
    if (!root) return 0;
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || s.display === 'none') continue;
      bottom = Math.max(bottom, Math.min(r.bottom, window.innerHeight));
    }
    return bottom / window.innerHeight;
  }, within);
}
