/** The page in front of a headless runtime, and a tap on it that returns once the runtime is idle again. */
import type { HeadlessRuntime } from '../../simulator/runtime';
import type { SimPage } from '../../simulator/types';

export function frontPage(rt: HeadlessRuntime): SimPage {
  const current = rt.currentPage();
  if (!current) throw new Error('no page is open');
  return current;
}

export async function tapFront(rt: HeadlessRuntime, selector: string): Promise<void> {
  const page = frontPage(rt);
  const target = page.$(selector);
  if (!target) throw new Error(`${page.path} has no ${selector}`);
  await target.tap();
  await rt.idle();
}
