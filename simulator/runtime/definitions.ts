import * as fs from 'fs';
import * as path from 'path';
import type { JComponent, MethodCaller } from './exparser';
import type { ModuleLoader } from './loader';
import { guardedOptions, pageAsComponent } from './component-options';
import { componentRoutes } from './component-routes';

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

export interface DefinitionRegistryDeps {
  root: string;
  jComponent: JComponent;
  loader: () => ModuleLoader;
  gesture: Gesture;
  report: ReportError;
  /** Called after a template's first render and after each setData of its page or component (renders.ts). */
  onRendered: (caller: MethodCaller, path: string) => void;
  /** app.json's `usingComponents`: usable in every page and component, as if each declared them. */
  appUsingComponents: Record<string, unknown>;
}

/** What one registry (one launch) has registered, and what it is loading right now. */
interface RegistryState {
  byRoute: Map<string, ComponentDefinition>;
  byId: Map<string, ComponentDefinition>;
  /** The modules being loaded, innermost last: Component() registers the innermost one. */
  loading: Loading[];
  loadingRoutes: Set<string>;
  sequence: number;
  /** Keeps ids unique across launches, which register into the same j-component. */
  instanceTag: string;
  renderBehavior: string | null;
}

/** One behavior in every definition reports its renders; `this.is` is the j-component id. */
function reportsRenders(deps: DefinitionRegistryDeps, state: RegistryState): string {
  const rendered = function (this: MethodCaller): void {
    const definition = state.byId.get(String(this.is));
    if (definition) deps.onRendered(this, definition.path);
  };
  state.renderBehavior ??= deps.jComponent.behavior({ lifetimes: { attached: rendered }, observers: { '**': rendered } });
  return state.renderBehavior;
}

function registerComponent(deps: DefinitionRegistryDeps, state: RegistryState, options: Record<string, unknown>): string {
  const current = state.loading[state.loading.length - 1];
  if (!current) throw new Error('Component() called outside of a component module being loaded');
  const definition = guardedOptions(options, reportsRenders(deps, state), deps.gesture, deps.report);
  const optionBag = typeof options.options === 'object' && options.options !== null ? options.options : {};
  return deps.jComponent.register({
    ...definition,
    id: current.id,
    path: current.path,
    template: current.template,
    usingComponents: current.usingComponents,
    tagName: current.tagName,
    options: { ...optionBag },
  });
}

/** Loads the components `route` uses first, so its template can name them: tag → j-component id. */
function loadUsedComponents(deps: DefinitionRegistryDeps, state: RegistryState, route: string, base: string, json: Record<string, unknown>): Record<string, string> {
  const usingComponents: Record<string, string> = {};
  state.loadingRoutes.add(route);
  try {
    for (const [tag, targetRoute] of componentRoutes(deps.root, deps.appUsingComponents, state.loadingRoutes, base, json)) {
      usingComponents[tag] = load(deps, state, targetRoute, tag).id;
    }
  } finally {
    state.loadingRoutes.delete(route);
  }
  return usingComponents;
}

function load(deps: DefinitionRegistryDeps, state: RegistryState, route: string, tagName = 'page'): ComponentDefinition {
  const normalized = route.replace(/^\/+/, '').replace(/\.(ts|js)$/, '');
  const existing = state.byRoute.get(normalized);
  if (existing) return existing;
  const base = path.join(deps.root, normalized);
  const jsonText = readText(`${base}.json`);
  const json = jsonText ? (JSON.parse(jsonText) as Record<string, unknown>) : {};
  const usingComponents = loadUsedComponents(deps, state, normalized, base, json);
  state.sequence += 1;
  const definition: ComponentDefinition = {
    id: `${state.instanceTag}-${state.sequence}-${normalized.replace(/[^a-zA-Z0-9]/g, '-')}`,
    path: normalized,
    json,
    wxss: readText(`${base}.wxss`),
  };
  state.loading.push({ id: definition.id, path: `/${normalized}`, template: readText(`${base}.wxml`), usingComponents, tagName });
  try {
    deps.loader().load(base);
  } finally {
    state.loading.pop();
  }
  state.byRoute.set(normalized, definition);
  state.byId.set(definition.id, definition);
  return definition;
}

export function createDefinitionRegistry(deps: DefinitionRegistryDeps): DefinitionRegistry {
  const state: RegistryState = {
    byRoute: new Map(),
    byId: new Map(),
    loading: [],
    loadingRoutes: new Set(),
    sequence: 0,
    instanceTag: `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    renderBehavior: null,
  };
  const Component = (options: Record<string, unknown>): string => registerComponent(deps, state, options);
  return {
    load: (route) => load(deps, state, route),
    Component,
    Page: (options) => Component(pageAsComponent(options)),
    byId: (id) => state.byId.get(id),
  };
}
