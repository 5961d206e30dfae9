import type { SimElement, UserScript } from '../types';
import type { Activity } from './activity';
import { elementActions } from './element-actions';
import { attr, methodCaller, valueOf, type ElementContext } from './element-io';
import type { EmulatorControl } from './emulator';
import type { Exparser, ExparserNode, MethodCaller } from './exparser';
import type { TempFiles } from './files';
import type { Privacy } from './privacy';
import { matches, parseSelector } from './selector';
import type { Tree } from './tree';
import { attributeText } from './wxml-attributes';

/** What one rendered page shares with its elements. */
export interface PageScope {
  /** Stable per node for the page's life. */
  elementId(node: ExparserNode): string;
  /** What the user typed into inputs (the rendered `value` attribute wins again once the page sets it). */
  readonly typed: WeakMap<ExparserNode, { value: string; attributeWhenTyped: unknown }>;
  /** The WXSS of the component whose template rendered `node`. */
  wxssFor(node: ExparserNode): string;
}

export interface ElementDeps {
  exparser: Exparser;
  tree: Tree;
  activity: Activity;
  privacy: Privacy;
  emulator: EmulatorControl;
  files: TempFiles;
  user: () => UserScript;
  openid: () => string;
  sdkVersion: string;
  /** One macrotask: lets handlers that the event started run their synchronous part and first awaits. */
  turn: () => Promise<void>;
}

function dotted(source: unknown, key: string | undefined): unknown {
  if (!key) return source;
  let current = source;
  for (const part of key.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function readData(caller: MethodCaller | null, key?: string): unknown {
  if (!caller) return undefined;
  return JSON.parse(JSON.stringify(dotted(caller.data, key) ?? null)) as unknown;
}

/** Declared style: inline first, then single-class rules of the owning component's WXSS. */
function declaredStyle(inline: string | null, classes: string[], wxss: string, name: string): string | null {
  const fromDeclarations = (declarations: string): string | null => {
    for (const declaration of declarations.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon > 0 && declaration.slice(0, colon).trim() === name) return declaration.slice(colon + 1).trim();
    }
    return null;
  };
  const inlineValue = inline ? fromDeclarations(inline) : null;
  if (inlineValue !== null) return inlineValue;
  let found: string | null = null;
  const rule = /([^{}]+)\{([^}]*)\}/g;
  for (let match = rule.exec(wxss); match !== null; match = rule.exec(wxss)) {
    const selectors = (match[1] ?? '').split(',').map((selector) => selector.trim());
    if (selectors.some((selector) => /^\.[-_a-zA-Z0-9]+$/.test(selector) && classes.includes(selector.slice(1)))) {
      found = fromDeclarations(match[2] ?? '') ?? found;
    }
  }
  return found;
}

/** What an element shows: its text, attributes, properties, declared style and WXML. */
function elementReaders(ctx: ElementContext, node: ExparserNode): Pick<SimElement, 'text' | 'attribute' | 'property' | 'propertyNames' | 'style' | 'wxml'> {
  const { exparser, tree } = ctx.deps;
  const custom = tree.isCustom(node);
  return {
    text: () => tree.text(node),
    attribute: (name) => attributeText(attr(ctx, node, name)),
    property(name) {
      if (custom) return readData(methodCaller(ctx, node), name);
      if (name === 'value' && (tree.tagName(node) === 'input' || tree.tagName(node) === 'textarea')) return valueOf(ctx, node);
      const dashed = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
      return attr(ctx, node, name) ?? attr(ctx, node, dashed);
    },
    propertyNames: () => (custom ? exparser.Component.listPublicProperties(node) : tree.attributeNames(node)),
    style: (name) =>
      declaredStyle(
        attributeText(attr(ctx, node, 'style')),
        (attributeText(attr(ctx, node, 'class')) ?? '').split(/\s+/).filter(Boolean),
        ctx.scope.wxssFor(node),
        name,
      ),
    wxml: (kind) => tree.wxml(node, kind),
  };
}

/** A custom component's data and methods; each throws for a built-in element. */
function componentMethods(ctx: ElementContext, node: ExparserNode): Pick<SimElement, 'data' | 'setData' | 'callMethod'> {
  const { deps } = ctx;
  return {
    data: (key) => readData(methodCaller(ctx, node), key),
    async setData(data) {
      methodCaller(ctx, node).setData(data);
      await deps.turn();
    },
    async callMethod(method, args) {
      const caller = methodCaller(ctx, node);
      const target = caller[method];
      if (typeof target !== 'function') throw new Error(`component <${deps.tree.tagName(node)}> has no method ${method}`);
      const result: unknown = await (target as (...params: unknown[]) => unknown).apply(caller, args);
      await deps.turn();
      return result;
    },
  };
}

export function createElementFactory(deps: ElementDeps, scope: PageScope): (node: ExparserNode) => SimElement {
  const ctx: ElementContext = { deps, scope };
  const { tree } = deps;
  const make = (node: ExparserNode): SimElement => {
    const custom = tree.isCustom(node);
    const queryAll = (selector: string): SimElement[] => {
      const root = custom && node.shadowRoot ? node.shadowRoot : node;
      const parsed = parseSelector(selector);
      const adapter = tree.adapter(root);
      return tree.descendants(root).filter((candidate) => matches(candidate, parsed, adapter)).map(make);
    };
    return {
      id: scope.elementId(node),
      tagName: tree.tagName(node),
      isComponent: custom,
      $: (selector) => queryAll(selector)[0] ?? null,
      $$: queryAll,
      ...elementActions(ctx, node),
      ...elementReaders(ctx, node),
      ...componentMethods(ctx, node),
    };
  };
  return make;
}
