import * as fs from 'fs';
import * as path from 'path';
import type { JComponent, MethodCaller } from './exparser';
import type { ModuleLoader } from './loader';

/** Reports an error thrown by the mini-program's own code (a method, lifecycle or promise it returned). */
export type ReportError = (error: unknown) => void;

/** Counts synchronous tap handling, so that gesture-only APIs (getUserProfile) can check they run inside one. */
export interface Gesture {
  readonly active: boolean;
  run<T>(fn: () => T): T;
}

export function createGesture(): Gesture {
  let depth = 0;
  return {
    get active() {
      return depth > 0;
    },
    run<T>(fn: () => T): T {
      depth += 1;
      try {
        return fn();
      } finally {
        depth -= 1;
      }
    },
  };
}

export interface ComponentDefinition {
  /** j-component id. */
  readonly id: string;
  /** Root-relative path without extension, e.g. 'pages/index/index'. */
  readonly path: string;
  readonly json: Record<string, unknown>;
  readonly wxss: string;
}

export interface DefinitionRegistry {
  /** Registers (once per registry) the component or page at `route` and everything it uses. */
  load(route: string): ComponentDefinition;
  /** The Component() global the mini-program's modules see. */
  readonly Component: (options: Record<string, unknown>) => string;
  readonly Page: (options: Record<string, unknown>) => string;
  /** Definitions by j-component id (for WXSS lookups of any rendered component). */
  byId(id: string): ComponentDefinition | undefined;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

function isTapEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'tap';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function isEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'type' in value && 'currentTarget' in value;
}

/**
 * Reports what the app's code throws. An event handler's error ends there, as on WeChat (the page
 * stays usable); a direct call (callMethod, a lifecycle) still sees it.
 */
function guardFunction(fn: AnyFunction, gesture: Gesture, report: ReportError): AnyFunction {
  return function guarded(this: unknown, ...args: unknown[]): unknown {
    const call = (): unknown => fn.apply(this, args);
    try {
      const result = isTapEvent(args[0]) ? gesture.run(call) : call();
      if (isThenable(result)) result.then(undefined, report);
      return result;
    } catch (error) {
      report(error);
      if (isEvent(args[0])) return undefined;
      throw error;
    }
  };
}

function guardGroup(group: unknown, gesture: Gesture, report: ReportError): unknown {
  if (typeof group !== 'object' || group === null) return group;
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(group)) {
    guarded[name] = typeof member === 'function' ? guardFunction(member as AnyFunction, gesture, report) : member;
  }
  return guarded;
}

const GUARDED_GROUPS = ['methods', 'lifetimes', 'pageLifetimes', 'observers'];
const GUARDED_HOOKS = ['created', 'attached', 'ready', 'moved', 'detached'];

interface Loading {
  id: string;
  path: string;
  template: string;
  usingComponents: Record<string, string>;
  tagName: string;
}

function readText(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

export function createDefinitionRegistry(deps: {
  root: string;
  jComponent: JComponent;
  loader: () => ModuleLoader;
  gesture: Gesture;
  report: ReportError;
  /** Called after a template's first render and after each setData of its page or component (renders.ts). */
  onRendered: (caller: MethodCaller, path: string) => void;
  /** app.json's `usingComponents`: usable in every page and component, as if each declared them. */
  appUsingComponents: Record<string, unknown>;
}): DefinitionRegistry {
  const { root, jComponent, gesture, report } = deps;
  const byRoute = new Map<string, ComponentDefinition>();
  const byId = new Map<string, ComponentDefinition>();
  const loading: Loading[] = [];
  const loadingRoutes = new Set<string>();
  let sequence = 0;
  const instanceTag = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  let renderBehavior: string | null = null;
  /** One behavior in every definition reports its renders; `this.is` is the j-component id. */
  const reportsRenders = (): string => {
    const rendered = function (this: MethodCaller): void {
      const definition = byId.get(String(this.is));
      if (definition) deps.onRendered(this, definition.path);
    };
    renderBehavior ??= jComponent.behavior({ lifetimes: { attached: rendered }, observers: { '**': rendered } });
    return renderBehavior;
  };

  const Component = (options: Record<string, unknown>): string => {
    const current = loading[loading.length - 1];
    if (!current) throw new Error('Component() called outside of a component module being loaded');
    const definition: Record<string, unknown> = { ...options };
    definition.behaviors = [reportsRenders(), ...(Array.isArray(options.behaviors) ? options.behaviors : [])];
    for (const group of GUARDED_GROUPS) definition[group] = guardGroup(options[group], gesture, report);
    for (const hook of GUARDED_HOOKS) {
      const fn = options[hook];
      if (typeof fn === 'function') definition[hook] = guardFunction(fn as AnyFunction, gesture, report);
    }
    const optionBag = typeof options.options === 'object' && options.options !== null ? options.options : {};
    return jComponent.register({
      ...definition,
      id: current.id,
      path: current.path,
      template: current.template,
      usingComponents: current.usingComponents,
      tagName: current.tagName,
      options: { ...optionBag },
    });
  };

  /**
   * Page() is WeChat's other constructor, mapped onto Component() so both kinds render the same way:
   * functions become methods (lifecycles and handlers alike, which the router and events call), and any
   * other field is deep-copied onto each page instance, as WeChat does.
   */
  const Page = (options: Record<string, unknown>): string => {
    const methods: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    const fields: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(options)) {
      if (name === 'data' || name === 'behaviors' || name === 'options') rest[name] = member;
      else if (typeof member === 'function') methods[name] = member;
      else fields[name] = member;
    }
    const fieldsJson = JSON.stringify(fields);
    const created = function (this: MethodCaller): void {
      Object.assign(this, JSON.parse(fieldsJson) as Record<string, unknown>);
    };
    return Component({ ...rest, methods, lifetimes: { created } });
  };

  /** Tag → root-relative route of the components a template may use: app-level ones, then its own json's. */
  const componentRoutes = (base: string, json: Record<string, unknown>): Array<[string, string]> => {
    const routes: Array<[string, string]> = [];
    const add = (using: unknown, fromDir: string, skipLoading: boolean): void => {
      if (typeof using !== 'object' || using === null) return;
      for (const [tag, target] of Object.entries(using)) {
        if (typeof target !== 'string') continue;
        const targetRoute = target.startsWith('/') ? target.slice(1) : path.relative(root, path.resolve(fromDir, target));
        // An app-level component cannot use itself (or one that is still loading) through app.json.
        if (skipLoading && loadingRoutes.has(targetRoute)) continue;
        routes.push([tag, targetRoute]);
      }
    };
    add(deps.appUsingComponents, root, true);
    add(json.usingComponents, path.dirname(base), false);
    return routes;
  };

  const load = (route: string, tagName = 'page'): ComponentDefinition => {
    const normalized = route.replace(/^\/+/, '').replace(/\.(ts|js)$/, '');
    const existing = byRoute.get(normalized);
    if (existing) return existing;
    const base = path.join(root, normalized);
    const jsonText = readText(`${base}.json`);
    const json = jsonText ? (JSON.parse(jsonText) as Record<string, unknown>) : {};
    const usingComponents: Record<string, string> = {};
    loadingRoutes.add(normalized);
    try {
      for (const [tag, targetRoute] of componentRoutes(base, json)) usingComponents[tag] = load(targetRoute, tag).id;
    } finally {
      loadingRoutes.delete(normalized);
    }
    sequence += 1;
    const definition: ComponentDefinition = {
      id: `${instanceTag}-${sequence}-${normalized.replace(/[^a-zA-Z0-9]/g, '-')}`,
      path: normalized,
      json,
      wxss: readText(`${base}.wxss`),
    };
    loading.push({ id: definition.id, path: `/${normalized}`, template: readText(`${base}.wxml`), usingComponents, tagName });
    try {
      deps.loader().load(base);
    } finally {
      loading.pop();
    }
    byRoute.set(normalized, definition);
    byId.set(definition.id, definition);
    return definition;
  };

  return { load: (route) => load(route), Component, Page, byId: (id) => byId.get(id) };
}
