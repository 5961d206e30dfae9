import { applyJComponentFixes } from './jcomponent-fixes';

/**
 * A typed facade over j-component and miniprogram-exparser (untyped CommonJS). Only what the runtime
 * uses is described; both are required lazily, after `ensureDocument()`, because exparser renders into
 * the global document.
 */
export interface VtAttr {
  name: string;
  value: unknown;
}

export interface VtEvent {
  name: string;
  handler: string;
}

export interface VirtualTree {
  type: number;
  tagName: string;
  componentId?: string;
  attrs: VtAttr[];
  event: Record<string, VtEvent>;
}

export interface ExparserNode {
  is?: string;
  id?: string;
  textContent?: string;
  parentNode: ExparserNode | null;
  childNodes: ExparserNode[];
  shadowRoot?: ExparserNode | null;
  ownerShadowRoot?: ExparserNode | null;
  _vt?: VirtualTree;
  __virtual?: boolean;
  /** Set on a template's <slot> (a virtual node): its name, '' for the default slot. */
  __slotName?: string;
  $$?: Element | null;
  triggerPageLifeTime(name: string, args: unknown[]): void;
}

/** The `this` of a component or page method. */
export interface MethodCaller {
  data: Record<string, unknown>;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  [member: string]: unknown;
}

export interface Exparser {
  TextNode: abstract new (...args: never[]) => ExparserNode;
  Component: (abstract new (...args: never[]) => ExparserNode) & {
    hasPublicProperty(node: ExparserNode, name: string): boolean;
    listPublicProperties(node: ExparserNode): string[];
  };
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
    dispatchEvent(node: ExparserNode, event: unknown): void;
  };
  Element: {
    getMethodCaller(node: ExparserNode): MethodCaller | null;
    pretendDetached(node: ExparserNode): void;
  };
}

export interface RootComponent {
  readonly _exparserNode: ExparserNode;
  attach(parent: Element): void;
  detach(): void;
}

export interface JComponent {
  register(definition: Record<string, unknown>): string;
  create(id: string, properties?: Record<string, unknown>): RootComponent | undefined;
  behavior(definition: Record<string, unknown>): string;
}

export function loadExparser(): { exparser: Exparser; jComponent: JComponent } {
  applyJComponentFixes();
  return {
    exparser: require('miniprogram-exparser') as Exparser,
    jComponent: require('j-component') as JComponent,
  };
}

/** Built-in WXML tags (rendered as `wx-<tag>` with their children slotted), as miniprogram-simulate registers them. */
export const BUILTIN_TAGS = [
  'cover-image', 'cover-view', 'grid-view', 'list-view', 'match-media', 'movable-area', 'movable-view',
  'page-container', 'root-portal', 'scroll-view', 'share-element', 'sticky-header', 'sticky-section', 'swiper',
  'swiper-item', 'view', 'icon', 'progress', 'rich-text', 'text', 'button', 'checkbox', 'checkbox-group', 'editor',
  'form', 'input', 'keyboard-accessory', 'label', 'picker', 'picker-view', 'picker-view-column', 'radio',
  'radio-group', 'slider', 'switch', 'textarea', 'functional-page-navigator', 'navigator', 'audio', 'camera',
  'channel-live', 'channel-video', 'image', 'live-player', 'live-pusher', 'video', 'voip-room', 'map', 'canvas',
  'web-view', 'ad', 'ad-custom', 'official-account', 'open-data', 'navigation-bar', 'page-meta',
] as const;

let builtinsRegistered = false;

export function registerBuiltins(jComponent: JComponent): void {
  if (builtinsRegistered) return;
  builtinsRegistered = true;
  for (const tag of BUILTIN_TAGS) jComponent.register({ id: tag, tagName: `wx-${tag}`, template: '<slot/>' });
}
