/** What every method handler gets: the runtime (relaunched first if the client exited the app), ids, the connection. */
import type { Runtime } from '../../types';
import type { LayoutAccess } from '../layout';
import type { MethodName, SupportedMethod } from '../methods';
import type { ParamReader } from '../params';
import type { Result } from '../protocol';
import type { Registry } from '../registry';
import type { SettleOptions } from '../settle';

/** The client connection a request came in on. */
export interface Session {
  /** Makes `name(...args)` in the app emit App.bindingCalled on this connection. */
  addBinding(name: string): void;
  /** Starts forwarding the app's console as App.logAdded (idempotent). */
  enableLog(): void;
  /** Closes the connection once the current reply is sent (Tool.close). */
  endAfterReply(): void;
}

export interface AppLifecycle {
  /** The runtime, cold-started again first if App.exit killed the app. */
  ready(): Promise<Runtime>;
  /** App.exit: the app is gone until the next request needs it. */
  exit(): void;
}

export interface HandlerContext {
  readonly runtime: Runtime;
  readonly app: AppLifecycle;
  readonly registry: Registry;
  readonly session: Session;
  /** app.json's first page, with a leading slash: where goHome goes. */
  readonly homeUrl: string;
  readonly settleOptions: SettleOptions;
  /** The layout engine (Chromium), started on the first layout request. */
  readonly layout: LayoutAccess;
}

export type Handler = (params: ParamReader, context: HandlerContext) => Promise<Result>;

export type HandlersOf<Domain extends string> = {
  [K in Extract<SupportedMethod, `${Domain}.${string}`>]: Handler;
};

export type HandlerTable = { [K in SupportedMethod]: Handler };

export function isSupportedHandler(table: HandlerTable, method: MethodName): method is SupportedMethod {
  return Object.prototype.hasOwnProperty.call(table, method);
}
