/**
 * User center: the profile, the phone number (masked, or the getPhoneNumber button) and logout.
 * The page waits for a login and shows an error with a retry instead of an empty page.
 */
import { api } from '../../core/api';
import { describeError } from '../../core/errors';
import { session } from '../../core/session';
import type { BindPhoneRequest } from '../../../typings/contract';
import { confirm } from '../../utils/dialogs';
import { detectFeatures } from '../../utils/features';
import { classifyPhoneDetail } from '../../utils/phone';
import { AUTH_PAGE_URL, HOME_PAGE_URL } from '../../utils/routes';
import { EMPTY_USER_VIEW, userView } from '../../utils/user-view';

type Status = 'loading' | 'error' | 'ready';
type NoticeType = 'info' | 'error';

const unsubscribers = new WeakMap<object, () => void>();

Component({
  data: {
    ...EMPTY_USER_VIEW,
    status: 'loading' as Status,
    errorText: '',
    /** Base library ≥ 2.21.2: getPhoneNumber gives a code and the session_key does not matter. */
    phoneCode: true,
    binding: false,
    loggingOut: false,
    noticeText: '',
    noticeType: 'info' as NoticeType,
  },
  lifetimes: {
    attached() {
      this.setData({ phoneCode: detectFeatures(wx).phoneCode });
      unsubscribers.set(
        this,
        // Follows profile changes made elsewhere (the auth page) once the page has its data.
        session.subscribe((state) => {
          if (this.data.status === 'ready' && state.user !== null) this.setData(userView(state.user));
        }),
      );
    },
    detached() {
      this.stopFollowing();
    },
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.status === 'ready') this.prepareLegacyPhone();
    },
    onUnload() {
      this.stopFollowing();
    },
    stopFollowing() {
      unsubscribers.get(this)?.();
      unsubscribers.delete(this);
    },

    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        await session.ensureLogin();
        const user = await api.getMe();
        session.setUser(user);
        this.setData({ ...userView(user), status: 'ready' });
        this.prepareLegacyPhone();
      } catch (error) {
        this.setData({ status: 'error', errorText: describeError(error) });
      }
    },
    onRetry() {
      void this.load();
    },

    /**
     * The legacy getPhoneNumber data is encrypted with the session_key of the latest wx.login, and a
     * wx.login inside the callback could replace that key: so make sure it is current before the tap.
     */
    prepareLegacyPhone() {
      if (this.data.phoneCode || this.data.hasPhone) return;
      session.ensureSessionKey().catch(() => undefined);
    },

    onGetPhoneNumber(event: WechatMiniprogramExtra.ButtonGetPhoneNumber) {
      const outcome = classifyPhoneDetail(event.detail);
      switch (outcome.kind) {
        case 'cancel':
          return;
        case 'quota':
          this.notify('error', '手机号验证次数已用完，请稍后再试或联系客服');
          return;
        case 'unusable':
          this.notify('error', '没有拿到手机号，请重试');
          return;
        case 'ok-code':
        case 'ok-legacy':
          void this.bindPhone(outcome.request);
      }
    },
    async bindPhone(request: BindPhoneRequest) {
      if (this.data.binding) return;
      this.setData({ binding: true, noticeText: '' });
      try {
        const user = await api.bindPhone(request);
        session.setUser(user);
        this.setData({ ...userView(user), binding: false });
        wx.showToast({ title: '手机号已绑定', icon: 'success' });
      } catch (error) {
        this.setData({ binding: false });
        this.notify('error', `绑定失败：${describeError(error)}`);
      }
    },

    onEditProfile() {
      wx.navigateTo({ url: AUTH_PAGE_URL });
    },

    async onLogout() {
      if (this.data.loggingOut) return;
      const confirmed = await confirm(wx, {
        title: '退出登录',
        content: '退出后需要重新登录才能查看个人信息，确定退出吗？',
        confirmText: '退出',
        confirmColor: '#fa5151',
      });
      if (!confirmed) return;
      this.setData({ loggingOut: true });
      await session.logout();
      wx.reLaunch({ url: HOME_PAGE_URL });
    },

    onPrivacyDisagree() {
      this.notify('info', '你未同意隐私保护指引，暂时无法获取手机号；其他功能仍可正常使用');
    },

    notify(type: NoticeType, text: string) {
      this.setData({ noticeType: type, noticeText: text });
    },
  },
});
