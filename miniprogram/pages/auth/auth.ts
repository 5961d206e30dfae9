/**
 * Filling in the profile, whatever the base library offers (utils/features.ts):
 * - ≥ 2.21.2: choose an avatar (chooseAvatar) and type a nickname (input type="nickname") in a form;
 * - the "use my WeChat profile" button: wx.getUserProfile on a tap (≥ 2.10.4), open-type="getUserInfo"
 *   before that. Since 2.27.1 both only return "微信用户": that is never saved, the user is sent to the
 *   form instead.
 *
 * A chosen avatar is a temporary local path, so it is uploaded at once; the URL the server returns is
 * kept on the page and saved together with the nickname in one PATCH. The profile therefore never holds
 * a new avatar next to an old or missing nickname, and a failed step leaves it as it was.
 */
import { api } from '../../core/api';
import { describeError } from '../../core/errors';
import { session } from '../../core/session';
import type { UpdateMeRequest } from '../../../typings/contract';
import { isUserRefusal, requestUserProfile, type ProfileResult } from '../../utils/dialogs';
import { detectFeatures } from '../../utils/features';
import { checkNickname, isAnonymousNickname, NICKNAME_MAX_LENGTH, type NicknameCheck } from '../../utils/nickname';
import { HOME_PAGE_URL } from '../../utils/routes';
import { EMPTY_USER_VIEW, userView } from '../../utils/user-view';

/** Shown by WeChat in the getUserProfile popup; at most 30 characters. */
export const PROFILE_DESC = '用于展示你的头像和昵称';

type Status = 'loading' | 'error' | 'ready';
type NoticeType = 'info' | 'error';

function nicknameProblem(check: Extract<NicknameCheck, { ok: false }>): string {
  return check.reason === 'too-long'
    ? `昵称最多 ${NICKNAME_MAX_LENGTH} 个字，请改短一些`
    : '请填写昵称。未通过微信内容安全检查的昵称会被清空，请换一个再试';
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//.test(value);
}

// Pages the user already left; a save that finishes afterwards must not navigate back from the page now in front.
const departed = new WeakSet<object>();

Component({
  data: {
    ...EMPTY_USER_VIEW,
    status: 'loading' as Status,
    errorText: '',
    profileApi: 'getUserProfile' as 'getUserProfile' | 'getUserInfo',
    chooseAvatar: false,
    anonymousProfile: false,
    /** The avatar on show: the uploaded, not yet saved one, else the saved one. */
    avatarPreview: '',
    /** Uploaded by chooseAvatar, saved with the next submit. */
    pendingAvatarUrl: '',
    uploading: false,
    saving: false,
    noticeText: '',
    noticeType: 'info' as NoticeType,
  },
  lifetimes: {
    attached() {
      const features = detectFeatures(wx);
      this.setData({
        profileApi: features.profileApi,
        chooseAvatar: features.chooseAvatar,
        anonymousProfile: features.anonymousProfile,
      });
    },
    detached() {
      departed.add(this);
    },
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onUnload() {
      departed.add(this);
    },
    async load() {
      this.setData({ status: 'loading', errorText: '' });
      try {
        await session.ensureLogin();
        const view = userView(session.getUser());
        this.setData({ ...view, avatarPreview: view.avatarUrl, status: 'ready' });
      } catch (error) {
        this.setData({ status: 'error', errorText: describeError(error) });
      }
    },
    onRetry() {
      void this.load();
    },

    /** wx.getUserProfile only works when called synchronously from the tap. */
    onProfileTap() {
      if (this.data.saving) return;
      void requestUserProfile(wx, PROFILE_DESC).then((result) => this.useWechatProfile(result));
    },
    onGetUserInfo(event: WechatMiniprogramExtra.ButtonGetUserInfo) {
      if (this.data.saving) return;
      const { errMsg, userInfo } = event.detail;
      void this.useWechatProfile(
        errMsg === 'getUserInfo:ok' && userInfo !== undefined ? { ok: true, userInfo } : { ok: false, errMsg },
      );
    },
    async useWechatProfile(result: ProfileResult) {
      if (!result.ok) {
        if (!isUserRefusal(result.errMsg)) {
          this.notify('error', describeError(result));
        } else if (this.data.chooseAvatar) {
          this.notify('info', '你没有授权使用微信头像和昵称，可以在上方自己选择头像、填写昵称');
        } else {
          this.notify('info', '你没有授权使用微信头像和昵称，资料未修改');
        }
        return;
      }
      const { nickName, avatarUrl } = result.userInfo;
      if (this.data.anonymousProfile || isAnonymousNickname(nickName)) {
        this.notify(
          'info',
          this.data.chooseAvatar
            ? '微信不再提供真实的头像和昵称，请在上方选择头像并填写昵称'
            : '没有拿到你的微信头像和昵称，资料未修改',
        );
        return;
      }
      const check = checkNickname(nickName);
      if (!check.ok) {
        this.notify('error', nicknameProblem(check));
        return;
      }
      await this.save(isHttpUrl(avatarUrl) ? { nickName: check.nickName, avatarUrl } : { nickName: check.nickName });
    },

    async onChooseAvatar(event: WechatMiniprogramExtra.ButtonChooseAvatar) {
      const path = event.detail.avatarUrl;
      if (!path || this.data.uploading || this.data.saving) return;
      this.setData({ uploading: true, noticeText: '' });
      try {
        const { avatarUrl } = await api.uploadAvatar(path);
        this.setData({ uploading: false, pendingAvatarUrl: avatarUrl, avatarPreview: avatarUrl });
        this.notify('info', '头像已上传，点击“保存”后生效');
      } catch (error) {
        this.setData({ uploading: false });
        this.notify('error', `头像上传失败：${describeError(error)}`);
      }
    },

    /** The nickname comes from the form: WeChat clears a rejected one on blur, which shows up here as empty. */
    async onSubmit(event: WechatMiniprogramExtra.FormSubmit) {
      if (this.data.saving || this.data.uploading) return;
      const check = checkNickname(event.detail.value.nickName);
      if (!check.ok) {
        this.notify('error', nicknameProblem(check));
        return;
      }
      const pending = this.data.pendingAvatarUrl;
      await this.save(pending ? { nickName: check.nickName, avatarUrl: pending } : { nickName: check.nickName });
    },

    async save(patch: UpdateMeRequest) {
      if (this.data.saving) return;
      this.setData({ saving: true, noticeText: '' });
      try {
        const user = await api.updateMe(patch);
        session.setUser(user);
        const view = userView(user);
        this.setData({ ...view, avatarPreview: view.avatarUrl, pendingAvatarUrl: '', saving: false });
        wx.showToast({ title: '已保存', icon: 'success' });
        if (departed.has(this)) return;
        wx.navigateBack({
          delta: 1,
          // Opened as the first page (e.g. from a share): there is nothing to go back to.
          fail: () => wx.reLaunch({ url: HOME_PAGE_URL }),
        });
      } catch (error) {
        this.setData({ saving: false });
        this.notify('error', `保存失败：${describeError(error)}`);
      }
    },

    onPrivacyDisagree() {
      this.notify('info', '你未同意隐私保护指引，暂时无法选择头像或填写昵称；可以稍后再试');
    },

    notify(type: NoticeType, text: string) {
      this.setData({ noticeType: type, noticeText: text });
    },
  },
});
