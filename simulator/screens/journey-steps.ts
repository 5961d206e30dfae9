/**
 * The journeys (simulator/journeys) step by step: a scene is taken at each step the narration reports
 * (a page in front, a tap about to happen, what the user sees), on whichever device the journey uses.
 */
import type { HeadlessRuntime } from '../runtime';
import { bindPhone, firstLaunch, logoutAndRelaunch, profileWithAvatarAndNickname, profileWithGetUserProfile } from '../journeys/journeys';
import { createWorld, type World } from '../journeys/world';
import type { Scene } from '../layout/scene';

export interface JourneyStep {
  readonly label: string;
  readonly scene: Scene;
}

export const JOURNEYS: ReadonlyArray<{ name: string; run: (world: World) => Promise<HeadlessRuntime> }> = [
  { name: 'journey1-first-launch', run: firstLaunch },
  { name: 'journey2a-get-user-profile', run: profileWithGetUserProfile },
  { name: 'journey2b-avatar-nickname', run: profileWithAvatarAndNickname },
  { name: 'journey3-bind-phone', run: bindPhone },
  { name: 'journey4-logout-relaunch', run: logoutAndRelaunch },
];

/** A short file-name label for a narrated step, or null for lines that are not a step on screen. */
export function stepLabel(line: string): string | null {
  const front = /^\s*\[[^\]]*\] \(([^)]+)\) is in front/.exec(line);
  if (front?.[1]) return `${front[1].split('/').slice(-1)[0] ?? 'page'}-in-front`;
  const tapped = /^\s*tap .*\((#?[^)]+)\)$/.exec(line);
  if (tapped?.[1]) return `tap-${tapped[1].replace(/[^a-zA-Z0-9-]+/g, '')}`;
  if (/^\s*sees /.test(line)) return 'sees';
  if (/^\s*the privacy popup asks/.test(line)) return 'privacy-popup';
  return null;
}

/** Runs one journey on a fresh world and returns its steps as scenes (the world is closed afterwards). */
export async function journeySteps(
  projectRoot: string,
  run: (world: World) => Promise<HeadlessRuntime>,
  capture: (rt: HeadlessRuntime) => Scene,
  onStep: (step: JourneyStep) => Promise<void>,
): Promise<void> {
  let device: HeadlessRuntime | null = null;
  const steps: JourneyStep[] = [];
  let lastHtml = '';
  const world = await createWorld({
    projectRoot,
    narrate: (line) => {
      const label = stepLabel(line);
      if (label === null || device === null || device.currentPage() === null) return;
      const scene = capture(device);
      if (scene.html === lastHtml) return;
      lastHtml = scene.html;
      steps.push({ label, scene });
    },
  });
  const open = world.device.bind(world);
  world.device = async (options) => {
    device = await open(options);
    return device;
  };
  try {
    await run(world);
    // The server is still up: the avatars it serves load into the pictures.
    for (const step of steps) await onStep(step);
  } finally {
    await world.close();
  }
}
