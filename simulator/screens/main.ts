/**
 * `npm run screens [dir]`: every state of simulator/screens/states.ts and every step of the journeys, as
 * the phone shows them (375×667 @2x), into `dir` (default ./screens): `NN-<state>.png` and one
 * `boxes.json` with every element's box per picture.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createWorld } from '../journeys/world';
import { IPHONE_8 } from '../layout/device';
import { createLayoutEngine, type Layout } from '../layout/engine';
import { loadLayoutProject } from '../layout/project';
import { captureScene, type Scene } from '../layout/scene';
import { journeySteps, JOURNEYS } from './journey-steps';
import { pageStates, STATES, startUnreachable } from './states';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

interface Picture {
  file: string;
  title: string;
  page: string;
  elements: Array<{ selector: string; tag: string; tappable: boolean; reachable: boolean; box: Layout['elements'][number]['box'] }>;
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'screens');
  fs.mkdirSync(out, { recursive: true });
  for (const old of fs.readdirSync(out)) if (/^\d+-.*\.png$/.test(old) || old === 'boxes.json') fs.rmSync(path.join(out, old));
  const project = loadLayoutProject(PROJECT_ROOT);
  const engine = await createLayoutEngine();
  const pictures: Picture[] = [];
  const save = async (name: string, title: string, scene: Scene): Promise<void> => {
    const file = `${String(pictures.length + 1).padStart(2, '0')}-${name}.png`;
    const { layout, png } = await engine.screenshot(scene);
    fs.writeFileSync(path.join(out, file), png);
    pictures.push({
      file,
      title,
      page: layout.pagePath,
      elements: layout.elements.map((element) => ({ selector: element.selector, tag: element.tag, tappable: element.tappable, reachable: element.reachable, box: element.box })),
    });
    console.log(`${file}  ${title}`);
  };
  try {
    const world = await createWorld({ projectRoot: PROJECT_ROOT });
    const unreachable = await startUnreachable(() => world.server.url);
    try {
      const context = { world, unreachable, device: world.device.bind(world) };
      for (const state of [...STATES, ...pageStates(PROJECT_ROOT)]) {
        const rt = await state.reach(context);
        await save(state.name, state.title, captureScene(rt, project, IPHONE_8));
        await rt.close();
      }
    } finally {
      await unreachable.close();
      await world.close();
    }
    for (const journey of JOURNEYS) {
      await journeySteps(PROJECT_ROOT, journey.run, (rt) => captureScene(rt, project, IPHONE_8), (step) =>
        save(`${journey.name}-${step.label}`, `${journey.name}: ${step.label}`, step.scene),
      );
    }
    fs.writeFileSync(path.join(out, 'boxes.json'), `${JSON.stringify({ device: IPHONE_8, pictures }, null, 1)}\n`);
    console.log(`${pictures.length} pictures and boxes.json in ${out}`);
  } finally {
    await engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
