/**
 * The layout checks against a fixture mini-program (test/layout/fixture, style v2) with one page built
 * to WeChat's rules and one that breaks each of them: the good page passes every check, the bad one
 * fails each with the offending element.
 */
import * as path from 'path';
import { createHeadlessRuntime, type HeadlessRuntime } from '../../simulator/runtime';
import { describeOffence, designDeviations, smallTargets, textOverflows, touchingTargets, underNavigationBar } from '../../simulator/layout/checks';
import { IPHONE_8 } from '../../simulator/layout/device';
import { createLayoutEngine, type Layout, type LayoutEngine } from '../../simulator/layout/engine';
import { loadLayoutProject } from '../../simulator/layout/project';
import { captureScene } from '../../simulator/layout/scene';

jest.setTimeout(60_000);

const FIXTURE = path.join(__dirname, 'fixture');
let engine: LayoutEngine;
let rt: HeadlessRuntime;
const project = loadLayoutProject(FIXTURE);

async function layoutOf(route: string): Promise<Layout> {
  await rt.navigate('reLaunch', `/${route}`);
  await rt.idle();
  return engine.layout(captureScene(rt, project, IPHONE_8));
}

const named = (offences: ReturnType<typeof designDeviations>): string[] => offences.map(describeOffence);

beforeAll(async () => {
  engine = await createLayoutEngine();
  // No request leaves this app: the server URL is never called.
  rt = await createHeadlessRuntime({ projectRoot: FIXTURE, serverUrl: 'http://127.0.0.1:9', openid: 'o-layout-fixture' });
  await rt.launch();
});

afterAll(async () => {
  await rt.close();
  await engine.close();
});

describe('a page whose WXSS out-ranks the built-in styles', () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await layoutOf('pages/good/good');
  });

  it('keeps its design', () => expect(named(designDeviations(layout))).toEqual([]));
  it('has no touching controls', () => expect(named(touchingTargets(layout))).toEqual([]));
  it('has no small targets', () => expect(named(smallTargets(layout))).toEqual([]));
  it('has no overflowing text', () => expect(named(textOverflows(layout))).toEqual([]));
  it('has nothing under the navigation bar', () => expect(named(underNavigationBar(layout))).toEqual([]));

  it('lays the full-width button out across the content box and the avatar at the right', () => {
    const save = layout.elements.find((element) => element.selector.startsWith('button#save'));
    const avatar = layout.elements.find((element) => element.selector.startsWith('button#avatar'));
    expect(save?.box).toMatchObject({ x: 16, width: 343 });
    expect(avatar && avatar.box.x + avatar.box.width).toBe(359);
  });
});

describe('a page with single-class rules under style v2', () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await layoutOf('pages/bad/bad');
  });

  it('names the buttons the base library narrows to 184px and the avatar it centres', () => {
    const found = named(designDeviations(layout));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^button#save\.btn .*184px wide where the page's WXSS makes it 343px/),
        expect.stringMatching(/^button#avatar\.avatar-button .*at x .* where the page's WXSS puts it at x 303/),
      ]),
    );
  });

  it('names the two buttons that touch', () => {
    expect(named(touchingTargets(layout))).toEqual([expect.stringMatching(/^button#refuse\.half .*touches button#agree\.half/)]);
  });

  it('names the tap targets under 44×44', () => {
    expect(named(smallTargets(layout))).toEqual([
      expect.stringMatching(/^view\.page > view\.up \(x 16, y 30, 343×30\): a tap target smaller/),
      expect.stringMatching(/^button#small\.mini-gap \(x [\d.]+, y [\d.]+, [\d.]+×32\): a tap target smaller than 44×44/),
    ]);
  });

  it('names the text that runs out of its box', () => {
    expect(named(textOverflows(layout))).toEqual([expect.stringMatching(/^view#narrow\.narrow .*its text runs out of it/)]);
  });

  it('names what sits under the navigation bar', () => {
    expect(named(underNavigationBar(layout))).toEqual([expect.stringMatching(/^view\.page > view\.up .*starts under the navigation bar \(which ends at y 64\)/)]);
  });
});
