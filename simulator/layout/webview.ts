/**
 * The page as WeChat's renderer (the webview) holds it: the rendered tree as `wx-*` elements with the
 * attributes the built-in styles select on, custom components as their own tag with their template
 * inside, and every element marked with its runtime key so boxes map back to SimElements.
 */
import type { RenderedElement } from '../types';
import { isTruthyAttribute } from '../runtime/wxml-attributes';
import { rpxToPx } from './units';
import { escapeHtml } from './html';

/** What the layout checks need to know about an element beyond its box. */
export interface ElementInfo {
  readonly key: string;
  readonly tag: string;
  /** e.g. `button#btn-save.btn.btn-primary`, with ancestors up to the nearest id when it has none. */
  readonly selector: string;
  /** The key of the enclosing element, or null at the page's top. */
  readonly parent: string | null;
  /** Buttons, inputs and anything with a tap handler: what a finger aims at. */
  readonly tappable: boolean;
  /** Inside an <input> or <textarea>: its text scrolls by design. */
  readonly inField: boolean;
}

export interface WebviewDocument {
  /** The body's content: the page's elements. */
  readonly body: string;
  /** Scopes (page and component paths) whose WXSS the page uses, the page's own first. */
  readonly scopes: readonly string[];
  readonly elements: ReadonlyMap<string, ElementInfo>;
}

export interface WebviewOptions {
  readonly pagePath: string;
  readonly deviceWidth: number;
  /** A temporary path's bytes as a data: URL, or null for an ordinary URL. */
  readonly image: (src: string) => string | null;
}

/** Attributes of built-in components that the built-in styles select on, reflected as WeChat does. */
const REFLECTED = ['type', 'size', 'mode', 'open-type', 'form-type'];
const BOOLEAN_REFLECTED = ['disabled', 'loading', 'plain', 'hidden'];
const TAPPABLE_TAGS = new Set(['button', 'navigator', 'input', 'textarea', 'switch', 'checkbox', 'radio', 'picker', 'slider', 'label']);
const TAP_EVENTS = new Set(['tap', 'longpress', 'longtap']);
const IMAGE_FIT: Record<string, string> = { aspectFill: 'cover', aspectFit: 'contain', scaleToFill: 'fill' };
const DEFAULT_ICON_SIZE = 23;


function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The class prefix WeChat gives a custom component's template and WXSS; a page's own classes stay as they are. */
export function scopePrefix(scope: string, pagePath: string): string {
  return scope === pagePath ? '' : `${scope.replace(/[^a-zA-Z0-9]/g, '-')}--`;
}

function classes(value: unknown): string[] {
  return text(value).split(/\s+/).filter(Boolean);
}

function ownSelector(element: RenderedElement): string {
  const id = text(element.attributes.id);
  return `${element.tag}${id ? `#${id}` : ''}${classes(element.attributes.class).map((name) => `.${name}`).join('')}`;
}

export function buildWebview(roots: readonly RenderedElement[], options: WebviewOptions): WebviewDocument {
  const elements = new Map<string, ElementInfo>();
  const scopes = new Set<string>([options.pagePath]);

  const attributesOf = (element: RenderedElement): string => {
    const prefix = scopePrefix(element.scope, options.pagePath);
    const parts = [`data-key="${escapeHtml(element.key)}"`];
    const id = text(element.attributes.id);
    if (id) parts.push(`id="${escapeHtml(id)}"`);
    const names = classes(element.attributes.class).map((name) => prefix + name);
    if (names.length > 0) parts.push(`class="${escapeHtml(names.join(' '))}"`);
    const style = text(element.attributes.style);
    if (style) parts.push(`style="${escapeHtml(rpxToPx(style, options.deviceWidth))}"`);
    if (element.builtin) {
      for (const name of REFLECTED) if (text(element.attributes[name])) parts.push(`${name}="${escapeHtml(text(element.attributes[name]))}"`);
      for (const name of BOOLEAN_REFLECTED) if (isTruthyAttribute(element.attributes[name])) parts.push(name);
    } else if (isTruthyAttribute(element.attributes.hidden)) {
      parts.push('hidden');
    }
    return parts.join(' ');
  };

  const innerOfBuiltin = (element: RenderedElement, prefix: string): string | null => {
    const attrs = element.attributes;
    if (element.tag === 'input' || element.tag === 'textarea') {
      const value = text(attrs.value);
      if (value) return `<div class="wx-input-value">${escapeHtml(value)}</div>`;
      const placeholderClass = classes(attrs['placeholder-class']).map((name) => prefix + name).join(' ');
      return `<div class="input-placeholder ${escapeHtml(placeholderClass)}">${escapeHtml(text(attrs.placeholder))}</div>`;
    }
    if (element.tag === 'image') {
      const src = text(attrs.src);
      if (!src) return '';
      const fit = IMAGE_FIT[text(attrs.mode) || 'scaleToFill'] ?? 'fill';
      return `<img alt="" src="${escapeHtml(options.image(src) ?? src)}" style="width:100%;height:100%;object-fit:${fit};display:block">`;
    }
    if (element.tag === 'icon') {
      const size = Number(text(attrs.size)) || DEFAULT_ICON_SIZE;
      const color = text(attrs.color);
      const glyph = `width:${size}px;height:${size}px;font-size:${Math.round(size * 0.6)}px`;
      return `<i style="${glyph}${color ? `;background-color:${escapeHtml(color)}` : ''}"></i>`;
    }
    return null;
  };

  const render = (element: RenderedElement, ancestors: readonly string[], inField: boolean, parent: string | null): string => {
    scopes.add(element.scope);
    const own = ownSelector(element);
    const selector = text(element.attributes.id) || ancestors.length === 0 ? own : `${ancestors.join(' > ')} > ${own}`;
    const tappable = (element.builtin && TAPPABLE_TAGS.has(element.tag)) || element.events.some((name) => TAP_EVENTS.has(name));
    elements.set(element.key, { key: element.key, tag: element.tag, selector, parent, tappable, inField });
    const field = inField || element.tag === 'input' || element.tag === 'textarea';
    const trail = text(element.attributes.id) ? [own] : [...ancestors, own];
    const special = element.builtin ? innerOfBuiltin(element, scopePrefix(element.scope, options.pagePath)) : null;
    const inner =
      special ??
      element.children.map((child) => (typeof child === 'string' ? escapeHtml(child) : render(child, trail, field, element.key))).join('');
    const tag = element.builtin ? `wx-${element.tag}` : element.tag;
    return `<${tag} ${attributesOf(element)}>${inner}</${tag}>`;
  };

  const body = roots.map((root) => render(root, [], false, null)).join('');
  return { body, scopes: [...scopes], elements };
}
