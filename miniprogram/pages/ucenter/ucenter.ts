/**
 * User center: the profile, the phone number (bind, change, clear), the agreements and the privacy guide,
 * what the mini-program holds about the user with the way to remove each, logout and account deletion.
 * The page waits for a login and shows an error with a retry instead of an empty page; it refreshes the
 * user from the server each time it comes back to the front.
 */
import { loginBehavior, session } from 'miniprogram-login';
import { api, loadUser, refreshUser } from 'miniprogram-login/api';
import { describeError } from 'miniprogram-login/messages';
import type { SessionState } from 'miniprogram-login';
import type { BindPhoneRequest, User } from '../../../typings/contract';
import { agreementUrl, AUTH_PAGE_URL, DELETE_ACCOUNT_PAGE_URL, HOME_PAGE_URL } from '../../utils/routes';
import { confirm } from '../../utils/dialogs';
import { LOADING_VIEW, loadPageView } from '../../utils/error-view';
import { detectFeatures } from '../../utils/features';
import { classifyPhoneDetail } from '../../utils/phone';
import { openPrivacyGuide } from '../../utils/privacy';
import { EMPTY_USER_VIEW, userView } from '../../utils/user-view';

type NoticeType = 'info' | 'error';
type Clearing = '' | 'profile' | 'phone';

const QUOTA_TEXT = '本小程序的手机号验证次数已用完，暂时无法绑定。可以稍后再试，或联系客服。';

Component({
  behaviors: [loginBehavior()],
  data: {
    ...EMPTY_USER_VIEW,
    ...LOADING_VIEW,
    /** Base library ≥ 2.21.2: getPhoneNumber gives a code and the session_key does not matter. */
    phoneCode: true,
    /** wx.openPrivacyContract exists (2.32.3+): the 隐私保护指引 entry. */
    privacyContract: false,
    binding: false,
    clearing: '' as Clearing,
    loggingOut: false,
    noticeText: '',
    noticeType: 'info' as NoticeType,
    /** The notice says to contact support: it carries the contact button. */
    noticeContact: false,
  },
  lifetimes: {
    attached() {
      const features = detectFeatures(wx);
      this.setData({ phoneCode: features.phoneCode, privacyContract: features.privacyContract });
    },
  },
  methods: {
    /** From loginBehavior: follows profile changes made elsewhere (the auth page, a refresh) once the page has its data. */
    onLoginState(state: SessionState) {
      if (this.data.status === 'ready' && state.user !== null) this.setData(userView(state.user));
    },
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.status !== 'ready') return;
      void refreshUser({ api, session }).then(() => this.prepareLegacyPhone());
    },

    async load() {
      if (await loadPageView(this, async () => userView(await loadUser({ api, session })))) this.prepareLegacyPhone();
    },
    onRetry() {
      void this.load();
    },

    /**
     * The legacy getPhoneNumber data is encrypted with the session_key of the latest wx.login, and a
     * wx.login inside the callback could replace that key: so make sure it is current before the tap.
     */
    prepareLegacyPhone() {
      if (this.data.phoneCode) return;
      session.ensureSessionKey().catch(() => undefined);
    },

    onGetPhoneNumber(event: WechatMiniprogramExtra.ButtonGetPhoneNumber) {
      const outcome = classifyPhoneDetail(event.detail);
      switch (outcome.kind) {
        case 'cancel':
          return;
        case 'quota':
          this.notify('error', QUOTA_TEXT, true);
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
      const changing = this.data.hasPhone;
      this.setData({ binding: true, noticeText: '' });
      try {
        this.show(await api.bindPhone(request));
        this.setData({ binding: false });
        wx.showToast({ title: changing ? '手机号已更换' : '手机号已绑定', icon: 'success' });
      } catch (error) {
        this.setData({ binding: false });
        this.notify('error', `${changing ? '更换' : '绑定'}失败：${describeError(error)}`);
      }
    },

    onEditProfile() {
      wx.navigateTo({ url: AUTH_PAGE_URL });
    },
    onOpenTerms() {
      wx.navigateTo({ url: agreementUrl('terms') });
    },
    onOpenPrivacyPolicy() {
      wx.navigateTo({ url: agreementUrl('privacy') });
    },
    onOpenPrivacyGuide() {
      openPrivacyGuide(wx);
    },
    onDeleteAccount() {
      wx.navigateTo({ url: DELETE_ACCOUNT_PAGE_URL });
    },

    async onClearProfile() {
      await this.clear('profile', {
        title: '清除头像和昵称',
        content: '头像和昵称将从我们的服务器上删除，不可恢复。之后可以重新设置。',
        run: () => api.updateMe({ nickName: null, avatarUrl: null }),
      });
    },
    async onClearPhone() {
      await this.clear('phone', {
        title: '清除手机号',
        content: '手机号将从我们的服务器上删除，不可恢复。之后可以重新绑定。',
        run: () => api.clearPhone(),
      });
    },
    async clear(what: Exclude<Clearing, ''>, step: { title: string; content: string; run: () => Promise<User> }) {
      if (this.data.clearing !== '') return;
      const confirmed = await confirm(wx, { title: step.title, content: step.content, confirmText: '清除', confirmColor: '#fa5151' });
      if (!confirmed) return;
      this.setData({ clearing: what, noticeText: '' });
      try {
        this.show(await step.run());
        this.setData({ clearing: '' });
        wx.showToast({ title: '已清除', icon: 'success' });
      } catch (error) {
        this.setData({ clearing: '' });
        this.notify('error', `清除失败：${describeError(error)}。你的信息没有变化。`);
      }
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

    show(user: User) {
      session.setUser(user);
      this.setData(userView(user));
    },
    notify(type: NoticeType, text: string, contact = false) {
      this.setData({ noticeType: type, noticeText: text, noticeContact: contact });
    },
  },
});
