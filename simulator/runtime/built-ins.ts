/**
 * WeChat's own part of what the user does to a built-in element: open-type buttons answered from the
 * test's UserScript, form submit and reset, and the nickname review of a type="nickname" input.
 */
import * as path from 'path';
import { attr, fire, valueOf, type ElementContext } from './element-io';
import type { ExparserNode } from './exparser';
import { attributeText, isTruthyAttribute } from './wxml-attributes';
import { atLeast, SINCE } from './version';
import { profileFor, userInfoPayload } from './wx-user';

/** Answers a tap on a button of one open-type. */
type OpenTypeAnswer = (ctx: ElementContext, node: ExparserNode) => Promise<void> | void;

/**
 * Runs a built-in behaviour behind the privacy gate. When the app's own privacy popup is waiting for
 * the user, the caller returns at once (the test answers the popup); the rest runs once it is resolved.
 */
async function gated(ctx: ElementContext, api: string | null, body: (allowed: boolean) => Promise<void>): Promise<void> {
  const { privacy, activity } = ctx.deps;
  const gate = api ? privacy.require(api) : Promise.resolve(true);
  const flow = gate.then((allowed) => activity.track(body(allowed)));
  if (privacy.waiting) {
    flow.catch(() => undefined);
    return;
  }
  await flow;
}

async function phoneDetail(ctx: ElementContext, allowed: boolean): Promise<Record<string, unknown>> {
  const { deps } = ctx;
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
}

const OPEN_TYPES = new Map<string, OpenTypeAnswer>([
  ['getPhoneNumber', (ctx, node) => gated(ctx, 'getPhoneNumber', async (allowed) => fire(ctx, node, 'getphonenumber', await phoneDetail(ctx, allowed)))],
  [
    'chooseAvatar',
    (ctx, node) =>
      gated(ctx, 'chooseAvatar', async (allowed) => {
        const avatar = ctx.deps.user().avatar;
        if (!allowed || avatar.answer !== 'choose') return;
        fire(ctx, node, 'chooseavatar', { avatarUrl: ctx.deps.files.adopt(path.resolve(avatar.filePath)) });
      }),
  ],
  [
    'getUserInfo',
    (ctx, node) =>
      gated(ctx, 'getUserInfo', async (allowed) => {
        const profile = allowed ? profileFor(ctx.deps.user(), ctx.deps.sdkVersion) : null;
        fire(ctx, node, 'getuserinfo', profile ? userInfoPayload(profile, 'getUserInfo:ok') : { errMsg: 'getUserInfo:fail auth deny' });
      }),
  ],
  [
    'agreePrivacyAuthorization',
    (ctx, node) => {
      ctx.deps.privacy.agree();
      fire(ctx, node, 'agreeprivacyauthorization', {});
    },
  ],
]);

function formOf(ctx: ElementContext, node: ExparserNode): ExparserNode | null {
  const { tree } = ctx.deps;
  for (let up = node.parentNode; up !== null; up = up.parentNode) {
    if (tree.isElement(up) && tree.tagName(up) === 'form') return up;
  }
  return null;
}

function formValues(ctx: ElementContext, form: ExparserNode): Record<string, unknown> {
  const { tree } = ctx.deps;
  const values: Record<string, unknown> = {};
  for (const field of tree.descendants(form)) {
    const name = attributeText(attr(ctx, field, 'name'));
    if (!name) continue;
    const tag = tree.tagName(field);
    if (tag === 'input' || tag === 'textarea') values[name] = valueOf(ctx, field);
    else if (tag === 'switch' || tag === 'checkbox') values[name] = isTruthyAttribute(attr(ctx, field, 'checked'));
    else if (tag === 'picker' || tag === 'slider' || tag === 'radio-group') values[name] = attr(ctx, field, 'value') ?? '';
  }
  return values;
}

/** A form-type button submits or resets the form it is in. */
function formButtonTap(ctx: ElementContext, node: ExparserNode): void {
  const { tree } = ctx.deps;
  const formType = attributeText(attr(ctx, node, 'form-type'));
  const form = formType ? formOf(ctx, node) : null;
  if (form && formType === 'submit') {
    fire(ctx, form, 'submit', { value: formValues(ctx, form), target: { id: tree.attribute(form, 'id') ?? '', dataset: {} } });
  }
  if (form && formType === 'reset') {
    for (const field of tree.descendants(form)) ctx.scope.typed.delete(field);
    fire(ctx, form, 'reset', {});
  }
}

/** WeChat's own part of a tap on a built-in element: open-type buttons and form submission. */
export async function builtInTap(ctx: ElementContext, node: ExparserNode): Promise<void> {
  if (ctx.deps.tree.tagName(node) !== 'button') return;
  const openType = attributeText(attr(ctx, node, 'open-type'));
  const answer = openType === null ? undefined : OPEN_TYPES.get(openType);
  if (answer) return answer(ctx, node);
  formButtonTap(ctx, node);
}

/** Typing into an input: focus, input, and for type="nickname" WeChat's review of the nickname (behind the privacy gate). */
export function typeInto(ctx: ElementContext, node: ExparserNode, value: string): Promise<void> {
  const nickname = attributeText(attr(ctx, node, 'type')) === 'nickname';
  return gated(ctx, nickname ? 'nickname' : null, async (allowed) => {
    if (!allowed) return;
    fire(ctx, node, 'focus', { value: valueOf(ctx, node), height: 0 });
    ctx.scope.typed.set(node, { value, attributeWhenTyped: attr(ctx, node, 'value') });
    fire(ctx, node, 'input', { value, cursor: value.length, keyCode: 0 });
    if (!nickname) return;
    const rejected = ctx.deps.user().nickname.rejected === true;
    if (rejected) ctx.scope.typed.set(node, { value: '', attributeWhenTyped: attr(ctx, node, 'value') });
    const shown = rejected ? '' : value;
    fire(ctx, node, 'blur', { value: shown, cursor: shown.length });
    fire(ctx, node, 'nicknamereview', { pass: !rejected, timeout: false });
  });
}
