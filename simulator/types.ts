/**
 * The headless runtime's public surface. Two consumers are written against it: the end-to-end journeys
 * and demo (test/e2e, simulator/demo.ts), and the miniprogram-automator endpoint (simulator/automator),
 * which maps the automator wire protocol one-to-one onto these calls. Keep it small and stable; the
 * implementation lives in simulator/runtime/.
 */

/** What the simulated WeChat user answers when the mini-program asks for something. */
export interface UserScript {
  /** wx.getUserProfile / open-type="getUserInfo": allow (with this profile) or deny. */
  profile: { answer: 'allow'; nickName: string; avatarUrl: string } | { answer: 'deny' };
  /** open-type="chooseAvatar": the image file the user picks (a local file path), or cancel. */
  avatar: { answer: 'choose'; filePath: string } | { answer: 'cancel' };
  /** <input type="nickname">: what the user types; `rejected` means WeChat's content check clears it. */
  nickname: { value: string; rejected?: boolean };
  /**
   * open-type="getPhoneNumber": share a number (the runtime makes a real `code`, or legacy
   * `encryptedData`/`iv` on base libraries < 2.21.2, through the emulator), deny, or hit the quota.
   */
  phone: { answer: 'allow'; phoneNumber: string; countryCode?: string } | { answer: 'deny' } | { answer: 'quota' };
  /** The privacy popup (wx.onNeedPrivacyAuthorization): agree or disagree. */
  privacy: 'agree' | 'disagree';
}

/** A modal, toast or loading indicator the mini-program showed, in order. */
export type UiRecord =
  | { kind: 'modal'; title: string; content: string; confirmed: boolean }
  | { kind: 'toast'; title: string; icon: string }
  | { kind: 'loading'; title: string }
  | { kind: 'hideLoading' };

/** The buttons of a wx.showModal, as the mini-program asked for them. */
export interface ModalButtons {
  showCancel: boolean;
  cancelText: string;
  cancelColor: string;
  confirmText: string;
  confirmColor: string;
}

/** What WeChat draws over the page right now: a held modal, a toast within its 1.5 s, a loading indicator. */
export interface UiOnScreen {
  modal: ({ title: string; content: string } & ModalButtons) | null;
  toast: { title: string; icon: string } | null;
  loading: { title: string } | null;
}

export interface Ui {
  /** Everything shown so far, oldest first. */
  readonly records: readonly UiRecord[];
  /** What is on screen now (for the layout engine, simulator/layout). */
  onScreen(): UiOnScreen;
  /** Answers for the next modals, consumed in order; when empty a modal is confirmed. */
  answerModals(...answers: Array<'confirm' | 'cancel'>): void;
  /**
   * A modal currently waiting for an answer (automator's Tool.native confirmModal/cancelModal answers it),
   * or null. Only when `holdModals` is on do modals wait; otherwise they are answered from the script.
   */
  pendingModal(): { title: string; content: string } | null;
  resolvePendingModal(answer: 'confirm' | 'cancel'): boolean;
  holdModals: boolean;
}

export interface RuntimeOptions {
  /** Repository root (project.config.json); the mini-program is read from `<projectRoot>/miniprogram` unless `miniprogramDir` is set. */
  projectRoot: string;
  /**
   * The mini-program to run instead of the sources: e.g. DevTools' own build of them (ES5 CommonJS that
   * requires `../@babel/runtime/helpers/*`, see simulator/wechat-tools/devtools-compile.ts). Absolute path.
   */
  miniprogramDir?: string;
  /** The developer server (the WeChat emulator is at `${serverUrl}/__wechat`). */
  serverUrl: string;
  /** Base library version the runtime answers for (getAppBaseInfo, getSystemInfoSync, canIUse). Default '3.7.0'. */
  sdkVersion?: string;
  /** The runtime's WeChat user; a fresh openid is minted by the emulator when absent. */
  openid?: string;
  /** Keep wx storage in this JSON file, so a "device" survives a relaunch. In memory when absent. */
  storageFile?: string;
  /** The user's initial choices (defaults: allow everything, privacy agree). */
  user?: Partial<UserScript>;
}

export type RouteKind = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack';

export interface Runtime {
  /** The `wx` the mini-program sees (real HTTP behind request/uploadFile). */
  readonly wx: WechatMiniprogram.Wx;
  /** The runtime's WeChat openid (known once launched). */
  readonly openid: string;
  readonly sdkVersion: string;
  /** Mutable: tests change the user's answers between steps. */
  user: UserScript;
  readonly ui: Ui;

  /** App() from app.ts: onLaunch then onShow, then the first page of app.json (or `path`) is loaded. */
  launch(options?: { path?: string; query?: Record<string, string> }): Promise<void>;
  /** Kill the app (pages unloaded, module state dropped) and launch again; storage is kept. */
  relaunch(options?: { path?: string; query?: Record<string, string> }): Promise<void>;
  /** Resolves when no request, upload, timer under 1 s or page lifecycle is pending. */
  idle(): Promise<void>;
  /** Polls `predicate` (after each idle()) until truthy; rejects with `message` after `timeoutMs` (default 5000). */
  waitFor<T>(predicate: () => T | Promise<T>, message: string, timeoutMs?: number): Promise<NonNullable<T>>;
  close(): Promise<void>;

  /** Router: the same as the wx route APIs; resolves once the route change finished (lifecycles run). */
  navigate(kind: RouteKind, url?: string, delta?: number): Promise<void>;
  currentPage(): SimPage | null;
  pageStack(): SimPage[];

  /** Replace `wx[method]`; `impl` gets the call's own argument and sees the original as `origin`. */
  mockWx(method: string, impl: (this: { origin: (...args: unknown[]) => unknown }, ...args: unknown[]) => unknown): void;
  restoreWx(method: string): void;
  /** Call `wx[method](...args)`: async APIs resolve with their success payload, sync ones with their return. */
  callWx(method: string, args: unknown[]): Promise<unknown>;
  /** Runs a function's source in the app's context (`wx`, `getApp`, `getCurrentPages` in scope). */
  evaluate(functionDeclaration: string, args: unknown[]): Promise<unknown>;
  /** Defines a global function `name(...args)` in the app's context that calls `handler(args)`. */
  exposeBinding(name: string, handler: (args: unknown[]) => void): void;
  /** console.* calls and uncaught errors from the mini-program's code. */
  on(event: 'console', listener: (entry: { type: string; args: unknown[] }) => void): () => void;
  on(event: 'exception', listener: (error: { message: string; stack: string }) => void): () => void;
  /** Repository root the mini-program was loaded from (`<projectRoot>/miniprogram`). */
  readonly projectRoot: string;
  /** The bytes of a temporary path (`http://tmp/…`) WeChat handed the page, or null when it is not one. */
  tempFile(tempPath: string): Buffer | null;
}

/**
 * One element of the rendered page as WeChat's renderer holds it (for the layout engine): custom components
 * expanded into their own template, wx:if/wx:for/block wrappers gone.
 */
export interface RenderedElement {
  /** The SimElement id of the same node. */
  readonly key: string;
  /** WXML tag: 'view', 'button', or a custom component's tag. */
  readonly tag: string;
  readonly builtin: boolean;
  /** Root-relative path of the page or component whose template rendered this element (its WXSS applies). */
  readonly scope: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Event names bound on the element (tap, getphonenumber, …). */
  readonly events: readonly string[];
  readonly children: ReadonlyArray<RenderedElement | string>;
}

export interface SimPage {
  /** Unique per page instance for the runtime's life; never reused. */
  readonly id: number;
  /** Route without leading slash, e.g. 'pages/index/index'. */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly alive: boolean;
  data(path?: string): unknown;
  setData(data: Record<string, unknown>): Promise<void>;
  callMethod(method: string, args: unknown[]): Promise<unknown>;
  /** CSS-like selectors over the rendered WXML: tag, .class, #id, [attr], [attr=v], descendant, '>', :nth-child(n). */
  $(selector: string): SimElement | null;
  $$(selector: string): SimElement[];
  /** All visible text of the page, whitespace collapsed. */
  text(): string;
  /** The page's rendered tree (its root elements), for the layout engine. */
  rendered(): RenderedElement[];
}

export interface SimElement {
  /** Unique per page; the same node always gives the same id. */
  readonly id: string;
  /** WXML tag name: 'view', 'button', 'input', or a custom component's tag. */
  readonly tagName: string;
  /** True for custom components (they have data/setData/callMethod). */
  readonly isComponent: boolean;
  $(selector: string): SimElement | null;
  $$(selector: string): SimElement[];
  /**
   * A tap as WeChat delivers it, including the built-in behaviours of the element: an open-type button
   * asks the scripted user (getUserProfile popup is the page's own call; chooseAvatar, getPhoneNumber,
   * getUserInfo, agreePrivacyAuthorization fire their events with the real `detail` shapes), a
   * form-type="submit" button submits its form with the inputs' values.
   */
  tap(): Promise<void>;
  /** Fire a component event with this `detail` (as j-component / automator `trigger`). */
  trigger(type: string, detail?: unknown): Promise<void>;
  /** touchstart/touchmove/touchend and other DOM-like events with touches. */
  dispatch(eventName: string, init?: { detail?: unknown; touches?: unknown[]; changedTouches?: unknown[] }): Promise<void>;
  /** Types into an <input>/<textarea>: sets its value and fires `input` (then `blur` for type="nickname"). */
  input(value: string): Promise<void>;
  text(): string;
  attribute(name: string): string | null;
  /** Public properties by name (value, disabled, open-type, …); `__propPublic`-style listing below. */
  property(name: string): unknown;
  propertyNames(): string[];
  /** Style as declared (inline style attribute or a class rule in the page's WXSS), or null. */
  style(name: string): string | null;
  wxml(kind: 'inner' | 'outer'): string;
  /** Custom components only. */
  data(path?: string): unknown;
  setData(data: Record<string, unknown>): Promise<void>;
  callMethod(method: string, args: unknown[]): Promise<unknown>;
}

/** Implemented by `createRuntime` in simulator/runtime/index.ts. */
export type CreateRuntime = (options: RuntimeOptions) => Promise<Runtime>;
