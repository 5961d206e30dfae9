/** Tool.*: the DevTools-side methods a headless runtime can answer. */
import type { Runtime, UserScript } from '../../types';
import { ProtocolError } from '../protocol';
import { settle, type SettleOptions } from '../settle';
import type { HandlerContext, HandlersOf } from './context';
import { ANONYMOUS_AVATAR_URL, ANONYMOUS_NICKNAME } from '../../runtime/wx-user';

/** How long confirmModal/cancelModal wait for the app to show a modal (the tap may still be running). */
const MODAL_WAIT_MS = 3_000;

async function waitForModal(runtime: Runtime, options: SettleOptions): Promise<boolean> {
  const deadline = Date.now() + MODAL_WAIT_MS;
  while (runtime.ui.pendingModal() === null) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return true;
}

async function answerModal(context: HandlerContext, answer: 'confirm' | 'cancel'): Promise<void> {
  const runtime = await context.app.ready();
  if (!(await waitForModal(runtime, context.settleOptions))) {
    throw new ProtocolError(`Tool.native ${answer}Modal: no modal is showing`);
  }
  if (!runtime.ui.resolvePendingModal(answer)) {
    throw new ProtocolError(`Tool.native ${answer}Modal: the modal was closed before it could be answered`);
  }
  await settle(runtime, Promise.resolve(), context.settleOptions);
}

function allowProfile(current: UserScript['profile']): UserScript['profile'] {
  return current.answer === 'allow' ? current : { answer: 'allow', nickName: ANONYMOUS_NICKNAME, avatarUrl: ANONYMOUS_AVATAR_URL };
}

const UNSUPPORTED_NATIVE: Record<string, string> = {
  closePaymentDialog: 'the headless runtime has no payment dialog (wx.requestPayment needs WeChat DevTools)',
  shareCancel: 'the headless runtime has no share dialog; run against WeChat DevTools',
  shareConfirm: 'the headless runtime has no share dialog; run against WeChat DevTools',
};

async function navigate(context: HandlerContext, run: (runtime: Runtime) => Promise<void>): Promise<void> {
  const runtime = await context.app.ready();
  await settle(runtime, run(runtime), context.settleOptions);
}

export const toolHandlers: HandlersOf<'Tool'> = {
  async 'Tool.getInfo'(_params, { runtime }) {
    return { SDKVersion: runtime.sdkVersion };
  },

  async 'Tool.close'(_params, { session }) {
    session.endAfterReply();
    return {};
  },

  async 'Tool.native'(params, context) {
    const method = params.string('method');
    switch (method) {
      case 'confirmModal':
        await answerModal(context, 'confirm');
        return {};
      case 'cancelModal':
        await answerModal(context, 'cancel');
        return {};
      case 'authorizeAllow':
        context.runtime.user = { ...context.runtime.user, profile: allowProfile(context.runtime.user.profile) };
        return {};
      case 'authorizeCancel':
        context.runtime.user = { ...context.runtime.user, profile: { answer: 'deny' } };
        return {};
      case 'goHome':
        await navigate(context, (runtime) => runtime.navigate('reLaunch', context.homeUrl));
        return {};
      case 'navigateLeft':
        await navigate(context, (runtime) => runtime.navigate('navigateBack', undefined, 1));
        return {};
      case 'switchTab': {
        const data = params.record('data');
        if (typeof data.url !== 'string' || data.url === '') {
          throw new ProtocolError('Tool.native switchTab: params.data.url must be a non-empty string');
        }
        const url = data.url;
        await navigate(context, (runtime) => runtime.navigate('switchTab', url));
        return {};
      }
      default: {
        const reason = UNSUPPORTED_NATIVE[method];
        throw new ProtocolError(
          reason ? `Tool.native ${method}: ${reason}` : `Tool.native: unknown native method ${JSON.stringify(method)}`,
        );
      }
    }
  },
};
