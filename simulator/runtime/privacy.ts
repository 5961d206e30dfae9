import type { ReportError } from './definitions';

export type PrivacyListener = (resolve: (result: unknown) => void, eventInfo: { referrer: string }) => void;

export interface Privacy {
  /** Whether a privacy-protected API may run: asks the app's listener or WeChat's own popup first. */
  require(api: string): Promise<boolean>;
  onNeed(listener: PrivacyListener): void;
  /** The user tapped an open-type="agreePrivacyAuthorization" button. */
  agree(): void;
  readonly needAuthorization: boolean;
  /** True while the app's listener was called and has not resolved yet. */
  readonly waiting: boolean;
}

/**
 * WeChat's privacy gate (base library ≥ 2.32.3). Consent is per user and device, so it outlives a
 * relaunch: the runtime keeps one Privacy for its whole life and only the listener is per launch.
 */
export function createPrivacy(deps: {
  enabled: boolean;
  /** The user's answer in WeChat's own popup (when the app registered no listener). */
  answer: () => 'agree' | 'disagree';
  report: ReportError;
}): Privacy & { resetListener(): void } {
  let agreed = false;
  let listener: PrivacyListener | null = null;
  let inFlight: Promise<boolean> | null = null;

  const ask = (api: string): Promise<boolean> => {
    const current = listener;
    if (!current) {
      agreed = deps.answer() === 'agree';
      return Promise.resolve(agreed);
    }
    return new Promise<boolean>((resolve) => {
      const onResolve = (result: unknown): void => {
        const event = typeof result === 'object' && result !== null ? (result as { event?: unknown }).event : undefined;
        if (event === 'agree') agreed = true;
        resolve(agreed);
      };
      try {
        current(onResolve, { referrer: api });
      } catch (error) {
        deps.report(error);
        resolve(false);
      }
    });
  };

  return {
    get needAuthorization() {
      return deps.enabled && !agreed;
    },
    get waiting() {
      return inFlight !== null;
    },
    require(api) {
      if (!deps.enabled || agreed) return Promise.resolve(true);
      if (!inFlight) {
        inFlight = ask(api).finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    onNeed(next) {
      listener = next;
    },
    agree() {
      agreed = true;
    },
    resetListener() {
      listener = null;
    },
  };
}
