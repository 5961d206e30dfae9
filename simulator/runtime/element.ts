import * as path from 'path';
import type { SimElement, UserScript } from '../types';
import type { Activity } from './activity';
import type { EmulatorControl } from './emulator';
import type { Exparser, ExparserNode, MethodCaller } from './exparser';
import type { TempFiles } from './files';
import type { Privacy } from './privacy';
import { matches, parseSelector } from './selector';
import { attributeText, isTruthyAttribute, type Tree } from './tree';
import { atLeast, SINCE } from './version';
import { profileFor, userInfoPayload } from './wx';

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

const TOUCH = { identifier: 0, pageX: 0, pageY: 0, clientX: 0, clientY: 0, force: 1 };
const TOUCH_EVENTS = new Set(['touchstart', 'touchmove', 'touchend', 'touchcancel']);

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

export function createElementFactory(deps: ElementDeps, scope: PageScope): (node: ExparserNode) => SimElement {
  const { exparser, tree } = deps;

  const fire = (node: ExparserNode, name: string, detail: unknown, bubbles = false, touches: unknown[] = []): void => {
    exparser.Event.dispatchEvent(
      node,
      exparser.Event.create(name, detail, {
        bubbles,
        composed: bubbles,
        capturePhase: true,
        extraFields: { touches, changedTouches: touches },
      }),
    );
  };

  const attr = (node: ExparserNode, name: string): unknown => tree.attribute(node, name);

  const valueOf = (node: ExparserNode): string => {
    const rendered = attr(node, 'value');
    const typed = scope.typed.get(node);
    if (typed && typed.attributeWhenTyped === rendered) return typed.value;
    return attributeText(rendered) ?? '';
  };

  /**
   * Runs a built-in behaviour behind the privacy gate. When the app's own privacy popup is waiting for
   * the user, the caller returns at once (the test answers the popup); the rest runs once it is resolved.
   */
  const gated = async (api: string | null, body: (allowed: boolean) => Promise<void>): Promise<void> => {
    const gate = api ? deps.privacy.require(api) : Promise.resolve(true);
    const flow = gate.then((allowed) => deps.activity.track(body(allowed)));
    if (deps.privacy.waiting) {
      flow.catch(() => undefined);
      return;
    }
    await flow;
  };

  const formOf = (node: ExparserNode): ExparserNode | null => {
    for (let up = node.parentNode; up !== null; up = up.parentNode) {
      if (tree.isElement(up) && tree.tagName(up) === 'form') return up;
    }
    return null;
  };

  const formValues = (form: ExparserNode): Record<string, unknown> => {
    const values: Record<string, unknown> = {};
    for (const field of tree.descendants(form)) {
      const name = attributeText(attr(field, 'name'));
      if (!name) continue;
      const tag = tree.tagName(field);
      if (tag === 'input' || tag === 'textarea') values[name] = valueOf(field);
      else if (tag === 'switch' || tag === 'checkbox') values[name] = isTruthyAttribute(attr(field, 'checked'));
      else if (tag === 'picker' || tag === 'slider' || tag === 'radio-group') values[name] = attr(field, 'value') ?? '';
    }
    return values;
  };

  const phoneDetail = async (allowed: boolean): Promise<Record<string, unknown>> => {
    if (!allowed) return { errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 };
    const phone = deps.user().phone;
    if (phone.answer === 'deny') return { errMsg: 'getPhoneNumber:fail user deny' };
    if (phone.answer === 'quota') return { errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 };
    if (atLeast(deps.sdkVersion, SINCE.phoneCode)) {
      const { code } = await deps.emulator.phoneCode(deps.openid(), phone.phoneNumber, phone.countryCode);
      return { errMsg: 'getPhoneNumber:ok', code };
    }
    const legacy = await deps.emulator.encryptedPhone(deps.openid(), phone.phoneNumber, phone.countryCode);
    return { errMsg: 'getPhoneNumber:ok', ...legacy };
  };

  /** WeChat's own part of a tap on a built-in element: open-type buttons and form submission. */
  const builtInTap = async (node: ExparserNode): Promise<void> => {
    if (tree.tagName(node) !== 'button') return;
    const openType = attributeText(attr(node, 'open-type'));
    switch (openType) {
      case 'getPhoneNumber':
        return gated('getPhoneNumber', async (allowed) => fire(node, 'getphonenumber', await phoneDetail(allowed)));
      case 'chooseAvatar':
        return gated('chooseAvatar', async (allowed) => {
          const avatar = deps.user().avatar;
          if (!allowed || avatar.answer !== 'choose') return;
          fire(node, 'chooseavatar', { avatarUrl: deps.files.adopt(path.resolve(avatar.filePath)) });
        });
      case 'getUserInfo':
        return gated('getUserInfo', async (allowed) => {
          const profile = allowed ? profileFor(deps.user(), deps.sdkVersion) : null;
          fire(node, 'getuserinfo', profile ? userInfoPayload(profile, 'getUserInfo:ok') : { errMsg: 'getUserInfo:fail auth deny' });
        });
      case 'agreePrivacyAuthorization':
        deps.privacy.agree();
        fire(node, 'agreeprivacyauthorization', {});
        return;
      default:
        break;
    }
    const formType = attributeText(attr(node, 'form-type'));
    const form = formType ? formOf(node) : null;
    if (form && formType === 'submit') {
      fire(form, 'submit', { value: formValues(form), target: { id: tree.attribute(form, 'id') ?? '', dataset: {} } });
    }
    if (form && formType === 'reset') {
      for (const field of tree.descendants(form)) scope.typed.delete(field);
      fire(form, 'reset', {});
    }
  };

  const make = (node: ExparserNode): SimElement => {
    const custom = tree.isCustom(node);
    const innerScope = (): ExparserNode => (custom && node.shadowRoot ? node.shadowRoot : node);
    const caller = (): MethodCaller => {
      const found = custom ? exparser.Element.getMethodCaller(node) : null;
      if (!found) throw new Error(`<${tree.tagName(node)}> is not a custom component: it has no data or methods`);
      return found;
    };
    const queryAll = (selector: string): SimElement[] => {
      const root = innerScope();
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
      async tap() {
        if (isTruthyAttribute(attr(node, 'disabled'))) return;
        fire(node, 'tap', { x: 0, y: 0 }, true, [TOUCH]);
        await deps.activity.track(builtInTap(node));
        await deps.turn();
      },
      async trigger(type, detail) {
        fire(node, type, detail ?? {}, true);
        await deps.turn();
      },
      async dispatch(eventName, init) {
        const touches = init?.touches ?? (TOUCH_EVENTS.has(eventName) ? [TOUCH] : []);
        fire(node, eventName, init?.detail ?? {}, true, touches);
        await deps.turn();
      },
      async input(value) {
        const tag = tree.tagName(node);
        if (tag !== 'input' && tag !== 'textarea') throw new Error(`input() needs an <input> or <textarea>, not <${tag}>`);
        const nickname = attributeText(attr(node, 'type')) === 'nickname';
        await gated(nickname ? 'nickname' : null, async (allowed) => {
          if (!allowed) return;
          fire(node, 'focus', { value: valueOf(node), height: 0 });
          scope.typed.set(node, { value, attributeWhenTyped: attr(node, 'value') });
          fire(node, 'input', { value, cursor: value.length, keyCode: 0 });
          if (!nickname) return;
          const rejected = deps.user().nickname.rejected === true;
          if (rejected) scope.typed.set(node, { value: '', attributeWhenTyped: attr(node, 'value') });
          const shown = rejected ? '' : value;
          fire(node, 'blur', { value: shown, cursor: shown.length });
          fire(node, 'nicknamereview', { pass: !rejected, timeout: false });
        });
        await deps.turn();
      },
      text: () => tree.text(node),
      attribute: (name) => attributeText(attr(node, name)),
      property(name) {
        if (custom) return readData(caller(), name);
        if (name === 'value' && (tree.tagName(node) === 'input' || tree.tagName(node) === 'textarea')) return valueOf(node);
        const dashed = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
        return attr(node, name) ?? attr(node, dashed);
      },
      propertyNames: () => (custom ? exparser.Component.listPublicProperties(node) : tree.attributeNames(node)),
      style: (name) =>
        declaredStyle(
          attributeText(attr(node, 'style')),
          (attributeText(attr(node, 'class')) ?? '').split(/\s+/).filter(Boolean),
          scope.wxssFor(node),
          name,
        ),
      wxml: (kind) => tree.wxml(node, kind),
      data: (key) => readData(caller(), key),
      async setData(data) {
        caller().setData(data);
        await deps.turn();
      },
      async callMethod(method, args) {
        const target = caller()[method];
        if (typeof target !== 'function') throw new Error(`component <${tree.tagName(node)}> has no method ${method}`);
        const result: unknown = await (target as (...params: unknown[]) => unknown).apply(caller(), args);
        await deps.turn();
        return result;
      },
    };
  };

  return make;
}
