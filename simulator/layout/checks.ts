/**
 * What a laid-out screen must hold, each check answering the elements that break it with their selector
 * and box, so a failing test says which element and where.
 */
import type { Box, LaidOutElement, Layout } from './engine';

export interface Offence {
  readonly selector: string;
  readonly box: Box;
  readonly problem: string;
}

/** Smallest finger target (Apple's HIG and WeChat's design guide: 44pt / 88rpx). */
export const MIN_TARGET = 44;
/** Below half a CSS pixel a difference is rounding, not layout. */
const TOLERANCE = 0.5;

const round = (value: number): number => Math.round(value * 10) / 10;

export function describeBox(box: Box): string {
  return `(x ${round(box.x)}, y ${round(box.y)}, ${round(box.width)}×${round(box.height)})`;
}

export function describeOffence(offence: Offence): string {
  return `${offence.selector} ${describeBox(offence.box)}: ${offence.problem}`;
}

function offence(element: LaidOutElement, problem: string): Offence {
  return { selector: element.selector, box: element.box, problem };
}

type Deviation = 'horizontal' | 'height' | 'colour';

function deviations(element: LaidOutElement): Map<Deviation, string[]> {
  const found = new Map<Deviation, string[]>();
  const add = (kind: Deviation, text: string): void => {
    found.set(kind, [...(found.get(kind) ?? []), text]);
  };
  const actual = element.box;
  const designed = element.designed.box;
  if (Math.abs(actual.width - designed.width) > TOLERANCE) add('horizontal', `${round(actual.width)}px wide where the page's WXSS makes it ${round(designed.width)}px`);
  if (Math.abs(actual.x - designed.x) > TOLERANCE) add('horizontal', `at x ${round(actual.x)} where the page's WXSS puts it at x ${round(designed.x)}`);
  if (Math.abs(actual.height - designed.height) > TOLERANCE) add('height', `${round(actual.height)}px tall where the page's WXSS makes it ${round(designed.height)}px`);
  if (element.backgroundColor !== element.designed.backgroundColor) add('colour', `background ${element.backgroundColor} where the page's WXSS gives ${element.designed.backgroundColor}`);
  if (element.color !== element.designed.color) add('colour', `text colour ${element.color} where the page's WXSS gives ${element.designed.color}`);
  return found;
}

/**
 * The page's design holds under WeChat's built-in styles: every element has the size, place and colours
 * its own WXSS gives it (a `.btn { width: 100% }` button is as wide as its container's content box, an
 * avatar button pushed right with `margin-left: auto` sits at the right of its cell, a disabled button
 * keeps the colours the page designed for it). The element the change starts at is named: for width and
 * place the outermost one (its children follow it), for height the innermost (its parents grow with it),
 * and colours where they are (an inherited colour follows its parent).
 */
export function designDeviations(layout: Layout): Offence[] {
  const visible = layout.elements.filter((element) => element.visible);
  const found = new Map(visible.map((element) => [element.key, deviations(element)] as const));
  const byKey = new Map(visible.map((element) => [element.key, element] as const));
  const childHeight = new Set(visible.filter((element) => found.get(element.key)?.has('height')).map((element) => element.parent));
  return visible.flatMap((element) => {
    const own = found.get(element.key) ?? new Map<Deviation, string[]>();
    const parent = element.parent !== null ? found.get(element.parent) : undefined;
    const kept: string[] = [];
    if (own.has('horizontal') && !(parent?.has('horizontal') && byKey.has(element.parent ?? ''))) kept.push(...(own.get('horizontal') ?? []));
    if (own.has('height') && !childHeight.has(element.key)) kept.push(...(own.get('height') ?? []));
    if (own.has('colour') && !parent?.has('colour')) kept.push(...(own.get('colour') ?? []));
    return kept.length > 0 ? [offence(element, kept.join('; '))] : [];
  });
}

function gap(a: Box, b: Box): number {
  const dx = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
  const dy = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
  return Math.max(dx, dy);
}

function contains(layout: ReadonlyMap<string, LaidOutElement>, outer: LaidOutElement, inner: LaidOutElement): boolean {
  for (let up = inner.parent; up !== null; up = layout.get(up)?.parent ?? null) if (up === outer.key) return true;
  return false;
}

/** Full-width rows of one list, one under the other (WeUI cells): they share their edge by design. */
function listRows(a: Box, b: Box): boolean {
  return Math.abs(a.x - b.x) <= TOLERANCE && Math.abs(a.width - b.width) <= TOLERANCE;
}

function targets(layout: Layout): LaidOutElement[] {
  return layout.elements.filter((element) => element.tappable && element.reachable);
}

/** No two controls a finger can reach touch or overlap (one nested in the other aside). */
export function touchingTargets(layout: Layout): Offence[] {
  const byKey = new Map(layout.elements.map((element) => [element.key, element] as const));
  const reachable = targets(layout);
  const found: Offence[] = [];
  reachable.forEach((a, index) => {
    for (const b of reachable.slice(index + 1)) {
      if (contains(byKey, a, b) || contains(byKey, b, a) || listRows(a.box, b.box)) continue;
      const distance = gap(a.box, b.box);
      if (distance <= 0) {
        found.push(offence(a, `${distance < 0 ? 'overlaps' : 'touches'} ${b.selector} ${describeBox(b.box)}`));
      }
    }
  });
  return found;
}

/** Every control a finger can reach is at least 44×44 px. */
export function smallTargets(layout: Layout): Offence[] {
  return targets(layout)
    .filter((element) => element.box.width < MIN_TARGET - TOLERANCE || element.box.height < MIN_TARGET - TOLERANCE)
    .map((element) => offence(element, `a tap target smaller than ${MIN_TARGET}×${MIN_TARGET}`));
}

function outside(inner: Box, outer: Box): boolean {
  return (
    inner.x < outer.x - 1 || inner.y < outer.y - 1 || inner.x + inner.width > outer.x + outer.width + 1 || inner.y + inner.height > outer.y + outer.height + 1
  );
}

/** No text runs out of its element or is cut off by it (an ellipsis is a designed cut; a field's text scrolls). */
export function textOverflows(layout: Layout): Offence[] {
  return layout.elements
    .filter((element) => element.visible && !element.inField && !element.ellipsis)
    .flatMap((element) => {
      if (element.clipsContent) return [offence(element, 'cuts off its content (wider than the element, no ellipsis)')];
      const text = element.textBox;
      if (text && outside(text, element.box)) return [offence(element, `its text runs out of it: text at ${describeBox(text)}`)];
      return [];
    });
}

/** Nothing of the page is drawn where WeChat's status and navigation bars are. */
export function underNavigationBar(layout: Layout): Offence[] {
  return layout.elements
    .filter((element) => element.visible && element.box.y < layout.webviewTop - TOLERANCE)
    .map((element) => offence(element, `starts under the navigation bar (which ends at y ${layout.webviewTop})`));
}
