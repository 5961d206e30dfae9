/**
 * The WebSocket side: one Session per client connection, every request answered exactly once with a
 * result object or an error (never a non-JSON frame), events only of the kinds the client listens for.
 */
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Runtime } from '../types';
import type { LayoutAccess } from './layout';
import { HANDLERS } from './handlers';
import { isSupportedHandler, type AppLifecycle, type HandlerContext, type Session } from './handlers/context';
import { isMethodName, METHODS, type MethodEntry } from './methods';
import { ParamReader } from './params';
import { decodeRequest, encodeError, encodeEvent, encodeResult, isRecord, ProtocolError, type EventName, type Request, type Result } from './protocol';
import { Registry } from './registry';
import type { SettleOptions } from './settle';

export interface EndpointOptions {
  runtime: Runtime;
  app: AppLifecycle;
  /** app.json's first page with a leading slash (Tool.native goHome). */
  homeUrl: string;
  host: string;
  /** 0 for a random free port. */
  port: number;
  settleOptions: SettleOptions;
  layout: LayoutAccess;
  /** Where a failing handler's unexpected error is reported besides the client's error reply. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface Endpoint {
  readonly wsEndpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function dispatch(request: Request, context: HandlerContext): Promise<Result> {
  const { method } = request;
  if (!isMethodName(method)) {
    throw new ProtocolError(`unknown method ${JSON.stringify(method)}: miniprogram-automator 0.12.1 sends no such request`);
  }
  if (!isSupportedHandler(HANDLERS, method)) {
    const entry: MethodEntry = METHODS[method];
    throw new ProtocolError(`${method} needs WeChat DevTools: ${entry.reason ?? 'it is not available headless'}`);
  }
  return HANDLERS[method](new ParamReader(method, request.params), context);
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

function errorMessage(method: string, error: unknown): string {
  if (error instanceof ProtocolError) return error.message;
  // A failed wx API rejects with WeChat's {errMsg}, not an Error: that errMsg is the useful message.
  const errMsg = isRecord(error) ? error.errMsg : undefined;
  const message = error instanceof Error ? error.message : typeof errMsg === 'string' ? errMsg : String(error);
  return `${method}: ${message}`;
}

export async function createEndpoint(options: EndpointOptions): Promise<Endpoint> {
  const { runtime } = options;
  const registry = new Registry(() => runtime);
  const bindings = new Map<string, Set<(args: unknown[]) => void>>();

  function bind(name: string, listener: (args: unknown[]) => void): () => void {
    let listeners = bindings.get(name);
    if (!listeners) {
      const created = new Set<(args: unknown[]) => void>();
      bindings.set(name, created);
      runtime.exposeBinding(name, (args) => created.forEach((notify) => notify(args)));
      listeners = created;
    }
    const set = listeners;
    set.add(listener);
    return () => set.delete(listener);
  }

  function openSession(socket: WebSocket): void {
    const cleanups: Array<() => void> = [];
    let logging = false;
    let ending = false;

    const send = (frame: string): void => {
      if (socket.readyState === socket.OPEN) socket.send(frame);
    };
    const emit = (method: EventName, params: Result): void => send(encodeEvent(method, params));

    const session: Session = {
      addBinding(name) {
        cleanups.push(bind(name, (args) => emit('App.bindingCalled', { name, args })));
      },
      enableLog() {
        if (logging) return;
        logging = true;
        cleanups.push(runtime.on('console', (entry) => emit('App.logAdded', { type: entry.type, args: entry.args })));
      },
      endAfterReply() {
        ending = true;
      },
    };
    cleanups.push(runtime.on('exception', (error) => emit('App.exceptionThrown', { message: error.message, stack: error.stack })));

    const context: HandlerContext = {
      runtime,
      app: options.app,
      registry,
      session,
      homeUrl: options.homeUrl,
      settleOptions: options.settleOptions,
      layout: options.layout,
    };

    socket.on('message', (data) => {
      const decoded = decodeRequest(frameText(data));
      if (decoded.kind === 'invalid') {
        if (decoded.id !== null) send(encodeError(decoded.id, decoded.message));
        return;
      }
      const { request } = decoded;
      dispatch(request, context).then(
        (result) => {
          send(encodeResult(request.id, result));
          if (ending) socket.close();
        },
        (error: unknown) => {
          if (!(error instanceof ProtocolError)) options.onInternalError?.(request.method, error);
          send(encodeError(request.id, errorMessage(request.method, error)));
        },
      );
    });
    socket.on('close', () => cleanups.splice(0).forEach((cleanup) => cleanup()));
  }

  const server = new WebSocketServer({ host: options.host, port: options.port, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('connection', openSession);
  const { port } = server.address() as AddressInfo;

  return {
    wsEndpoint: `ws://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.clients.forEach((client) => client.terminate());
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
