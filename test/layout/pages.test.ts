/**
 * The mini-program's own screens under WeChat's rules: every state of simulator/screens/states.ts and
 * every page of app.json (so a new page is checked without a line here), each laid out at 320, 375 and
 * 414 px wide by the layout engine, each check naming the offending elements with their boxes.
 */
import * as path from 'path';
import { createWorld, type World } from '../../simulator/journeys/world';
import { describeOffence, designDeviations, smallTargets, textOverflows, touchingTargets, underNavigationBar, type Offence } from '../../simulator/layout/checks';
import { deviceOfWidth } from '../../simulator/layout/device';
import { createLayoutEngine, type Layout, type LayoutEngine } from '../../simulator/layout/engine';
import { loadLayoutProject } from '../../simulator/layout/project';
import { captureScene } from '../../simulator/layout/scene';
import { pageStates, STATES, startUnreachable, type StateContext, type Unreachable } from '../../simulator/screens/states';

jest.setTimeout(60_000);

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** An SE, the iPhone 8 of the screens, a Plus. */
const WIDTHS = [320, 375, 414];
const project = loadLayoutProject(PROJECT_ROOT);

let world: World;
let unreachable: Unreachable;
let engine: LayoutEngine;
let context: StateContext;

beforeAll(async () => {
  engine = await createLayoutEngine();
  world = await createWorld({ projectRoot: PROJECT_ROOT });
  unreachable = await startUnreachable(() => world.server.url);
  context = { world, unreachable, device: world.device.bind(world) };
});

afterAll(async () => {
  await unreachable?.close();
  await world?.close();
  await engine?.close();
});

function offences(layouts: readonly Layout[], check: (layout: Layout) => Offence[]): string[] {
  return layouts.flatMap((layout) => check(layout).map((found) => `@${layout.device.width}px ${describeOffence(found)}`));
}

describe.each([...STATES, ...pageStates(PROJECT_ROOT)].map((state) => [state.name, state] as const))('%s', (_name, state) => {
  const layouts: Layout[] = [];

  beforeAll(async () => {
    const rt = await state.reach(context);
    for (const width of WIDTHS) layouts.push(await engine.layout(captureScene(rt, project, deviceOfWidth(width))));
    await rt.close();
  });

  it('keeps the designed widths, places and colours (the page WXSS is not overruled by the built-in styles)', () => {
    expect(offences(layouts, designDeviations)).toEqual([]);
  });
  it('has no two tappable controls touching', () => expect(offences(layouts, touchingTargets)).toEqual([]));
  it('has every tap target at least 44×44 px', () => expect(offences(layouts, smallTargets)).toEqual([]));
  it('has no text overflowing its box', () => expect(offences(layouts, textOverflows)).toEqual([]));
  it('has nothing under the navigation bar', () => expect(offences(layouts, underNavigationBar)).toEqual([]));
});
