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

/** Elements whose nearest ancestor in `marked` exists: their change is that ancestor's doing. */
function hasMarkedAncestor(element: LaidOutElement, byKey: ReadonlyMap<string, LaidOutElement>, marked: ReadonlySet<string>): boolean {
  for (let up = element.parent; up !== null; up = byKey.get(up)?.parent ?? null) if (marked.has(up)) return true;
  return false;
}

function deviations(element: LaidOutElement): string[] {
  const found: string[] = [];
  const actual = element.box;
  const designed = element.designed.box;
  if (Math.abs(actual.width - designed.width) > TOLERANCE) found.push(`${round(actual.width)}px wide where the page's WXSS makes it ${round(designed.width)}px`);
  if (Math.abs(actual.height - designed.height) > TOLERANCE) found.push(`${round(actual.height)}px tall where the page's WXSS makes it ${round(designed.height)}px`);
  if (Math.abs(actual.x - designed.x) > TOLERANCE) found.push(`at x ${round(actual.x)} where the page's WXSS puts it at x ${round(designed.x)}`);
  if (element.backgroundColor !== element.designed.backgroundColor) found.push(`background ${element.backgroundColor} where the page's WXSS gives ${element.designed.backgroundColor}`);
  if (element.color !== element.designed.color) found.push(`text colour ${element.color} where the page's WXSS gives ${element.designed.color}`);
  return found;
}

/**
 * The page's design holds under WeChat's built-in styles: every element has the size, place and colours
 * its own WXSS gives it (a `.btn { width: 100% }` button is as wide as its container's content box, an
 * avatar button pushed right with `margin-left: auto` sits at the right of its cell, a disabled button
 * keeps the colours the page designed for it). Only the outermost element of a changed subtree is named.
 */
export function designDeviations(layout: Layout): Offence[] {
  const byKey = new Map(layout.elements.map((element) => [element.key, element] as const));
  const marked = new Set<string>();
  const found: Offence[] = [];
  for (const element of layout.elements) {
    if (!element.visible) continue;
    const problems = deviations(element);
    if (problems.length === 0) continue;
    marked.add(element.key);
    if (!hasMarkedAncestor(element, byKey, marked)) found.push(offence(element, problems.join('; ')));
  }
  return found;
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
