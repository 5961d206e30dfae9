/**
 * The app's own privacy consent popup. WeChat keeps ONE wx.onNeedPrivacyAuthorization listener for the
 * whole app, while every page that uses a privacy API has its own popup; the gate registers that one
 * listener and hands each request to the popup of the page in front. Every request is settled exactly
 * once, agree or disagree, even when no popup can show it or its popup goes away: WeChat holds the
 * privacy API call until resolve is called.
 */
export type PrivacyDecision = WechatMiniprogramExtra.PrivacyDecision;

export interface PrivacyRequest {
  /** The API or component that asked, e.g. `getPhoneNumber`; empty when WeChat does not say. */
  readonly referrer: string;
  agree(buttonId: string): void;
  disagree(): void;
}

export interface PrivacyPresenter {
  show(request: PrivacyRequest): void;
  hide(): void;
}

export interface PrivacyHandle {
  /** The presenter's page came to the front: it shows the next requests. */
  activate(): void;
  /** The presenter is gone; a request it was showing is declined. */
  detach(): void;
}

export interface PrivacyGate {
  /** The base library has wx.onNeedPrivacyAuthorization (2.32.3+); without it WeChat shows its own popup. */
  readonly supported: boolean;
  attach(presenter: PrivacyPresenter): PrivacyHandle;
}

export interface PrivacyWx {
  onNeedPrivacyAuthorization?: (listener: WechatMiniprogramExtra.NeedPrivacyAuthorizationListener) => void;
}

interface Pending {
  request: PrivacyRequest;
  presenter: PrivacyPresenter;
}

export function createPrivacyGate(source: PrivacyWx): PrivacyGate {
  const supported = typeof source.onNeedPrivacyAuthorization === 'function';
  const presenters: PrivacyPresenter[] = [];
  let pending: Pending | null = null;
  let registered = false;

  function onNeed(resolve: WechatMiniprogramExtra.PrivacyResolve, referrer: string): void {
    // A newer request replaces an unanswered one; the old one still gets its answer.
    pending?.request.disagree();
    const presenter = presenters[presenters.length - 1];
    let settled = false;
    const settle = (decision: PrivacyDecision): void => {
      if (settled) return;
      settled = true;
      if (pending !== null && pending.request === request) {
        pending = null;
        presenter?.hide();
      }
      resolve(decision);
    };
    const request: PrivacyRequest = {
      referrer,
      agree: (buttonId) => settle({ event: 'agree', buttonId }),
      disagree: () => settle({ event: 'disagree' }),
    };
    if (presenter === undefined) {
      request.disagree();
      return;
    }
    pending = { request, presenter };
    presenter.show(request);
  }

  function register(): void {
    if (registered || !supported || source.onNeedPrivacyAuthorization === undefined) return;
    registered = true;
    source.onNeedPrivacyAuthorization((resolve, eventInfo) => onNeed(resolve, eventInfo?.referrer ?? ''));
  }

  return {
    supported,
    attach(presenter) {
      presenters.push(presenter);
      register();
      return {
        activate() {
          const index = presenters.indexOf(presenter);
          if (index < 0) return;
          presenters.splice(index, 1);
          presenters.push(presenter);
        },
        detach() {
          const index = presenters.indexOf(presenter);
          if (index >= 0) presenters.splice(index, 1);
          if (pending !== null && pending.presenter === presenter) pending.request.disagree();
        },
      };
    },
  };
}

let appGate: PrivacyGate | null = null;

/** The app-wide gate on the global `wx`, created on first use so tests can install their `wx` first. */
export function privacyGate(): PrivacyGate {
  if (appGate === null) appGate = createPrivacyGate(wx);
  return appGate;
}

export type PrivacyContractWx = Partial<Pick<WechatMiniprogram.Wx, 'openPrivacyContract'>> & Pick<WechatMiniprogram.Wx, 'showToast'>;

/** Opens WeChat's page of the mini-program's privacy guide (2.32.3+); says so when it cannot. */
export function openPrivacyGuide(source: PrivacyContractWx): void {
  const unavailable = (): void => {
    source.showToast({ title: '暂时无法打开隐私保护指引', icon: 'none' });
  };
  if (typeof source.openPrivacyContract !== 'function') {
    unavailable();
    return;
  }
  source.openPrivacyContract({ fail: unavailable });
}
