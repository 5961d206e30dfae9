/**
 * The privacy consent popup (since 2023-10-17 WeChat asks before privacy APIs such as getPhoneNumber,
 * chooseAvatar or the nickname input). Put one on every page that uses those APIs; the gate shows the
 * request on the page in front. Emits `agree` / `disagree` so the page can react.
 */
import { openPrivacyGuide, privacyGate, type PrivacyHandle, type PrivacyRequest } from '../../utils/privacy';

interface PopupState {
  handle: PrivacyHandle;
  request: PrivacyRequest | null;
}

// Per-instance side state that must not go through setData (functions do not survive it).
const states = new WeakMap<object, PopupState>();

export const AGREE_BUTTON_ID = 'btn-privacy-agree';

Component({
  data: {
    visible: false,
  },
  lifetimes: {
    attached() {
      const handle = privacyGate().attach({
        show: (request) => {
          const state = states.get(this);
          if (state) state.request = request;
          this.setData({ visible: true });
        },
        hide: () => {
          const state = states.get(this);
          if (state) state.request = null;
          this.setData({ visible: false });
        },
      });
      states.set(this, { handle, request: null });
    },
    detached() {
      states.get(this)?.handle.detach();
      states.delete(this);
    },
  },
  pageLifetimes: {
    show() {
      states.get(this)?.handle.activate();
    },
  },
  methods: {
    onAgree() {
      const request = states.get(this)?.request;
      if (!request) return;
      request.agree(AGREE_BUTTON_ID);
      this.triggerEvent('agree', {});
    },
    onDisagree() {
      const request = states.get(this)?.request;
      if (!request) return;
      request.disagree();
      this.triggerEvent('disagree', {});
    },
    onOpenContract() {
      openPrivacyGuide(wx);
    },
  },
});
