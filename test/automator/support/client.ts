/** Typed views of the official client's objects (its typings mark ids private and lists as any). */
import automator from 'miniprogram-automator';
import type Element from 'miniprogram-automator/out/Element';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { eventually } from './poll';

export type { Element, MiniProgram, Page };

export function idOf(target: Page | Element): unknown {
  return Reflect.get(target, 'id');
}

export async function all(list: Promise<unknown>): Promise<Element[]> {
  const items: unknown = await list;
  if (!Array.isArray(items) || !items.every((item): item is Element => item instanceof automator.Element)) {
    throw new Error('expected a list of elements');
  }
  return items;
}

export async function currentPage(miniProgram: MiniProgram): Promise<Page> {
  const page = await miniProgram.currentPage();
  if (!page) throw new Error('no current page');
  return page;
}

export async function element(page: Page | Element, selector: string): Promise<Element> {
  const found = await page.$(selector);
  if (!found) throw new Error(`no element matches ${selector}`);
  return found;
}

/** `input(value)` of the client's InputElement/TextareaElement (TextareaElement is not exported). */
export async function typeInto(target: Element, value: string): Promise<void> {
  const input: unknown = Reflect.get(target, 'input');
  if (typeof input !== 'function') throw new Error(`<${target.tagName}> cannot be typed into`);
  await Reflect.apply(input, target, [value]);
}

/** Waits (bounded) until the app is on `path` and returns that page. */
export function onPage(miniProgram: MiniProgram, path: string, timeoutMs = 10_000): Promise<Page> {
  return eventually(async () => {
    const page = await miniProgram.currentPage();
    return page && page.path === path ? page : null;
  }, `page ${path}`, timeoutMs);
}

/** Waits (bounded) until `selector` matches on the page (or inside the element) and returns the element. */
export function shows(scope: Page | Element, selector: string, timeoutMs = 10_000): Promise<Element> {
  const where = scope instanceof automator.Element ? `<${scope.tagName}>` : scope.path;
  return eventually(() => scope.$(selector), `${selector} in ${where}`, timeoutMs);
}
