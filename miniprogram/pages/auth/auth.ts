/**
 * Filling in the profile, whatever the base library offers (utils/features.ts):
 * - ≥ 2.21.2: choose an avatar (chooseAvatar) and type a nickname (input type="nickname") in a form;
 * - below 2.27.1 only, the "use my WeChat profile" button: wx.getUserProfile on a tap (≥ 2.10.4),
 *   open-type="getUserInfo" before that. From 2.27.1 both only return "微信用户", so it is not offered.
 *
 * A chosen avatar is a temporary local path, so it is uploaded at once; the URL the server returns is
 * kept on the page and saved together with the nickname in one PATCH. The profile therefore never holds
 * a new avatar next to an old or missing nickname, and a failed step leaves it as it was.
 *
 * Messages sit where they belong: the avatar's under the avatar (it stays until the profile is saved or
 * another avatar is picked), the nickname's under the nickname, the rest above the form.
 */
import { session } from 'miniprogram-login';
import { api } from 'miniprogram-login/api';
import { describeError, isRetryable } from 'miniprogram-login/messages';
import type { UpdateMeRequest } from '../../../typings/contract';
import { isUserRefusal, requestUserProfile, type ProfileResult } from '../../utils/dialogs';
import { LOADING_VIEW, loadPageView } from '../../utils/error-view';
import { detectFeatures } from '../../utils/features';
import { checkNickname, isAnonymousNickname, NICKNAME_MAX_LENGTH, type NicknameCheck } from '../../utils/nickname';
import { HOME_PAGE_URL } from '../../utils/routes';
import { EMPTY_USER_VIEW, userView } from '../../utils/user-view';

/** Shown by WeChat in the getUserProfile popup; at most 30 characters. */
export const PROFILE_DESC = '用于展示你的头像和昵称';

const NICKNAME_EMPTY_TEXT = '请填写昵称';
const NICKNAME_REJECTED_TEXT = '这个昵称未通过微信内容安全检查，已被清空，请换一个';
const AVATAR_UPLOADED_TEXT = '头像已上传，点击“保存”后生效';

type NoticeType = 'info' | 'error';

/** What the nickname input went through since the page opened: WeChat clears a rejected nickname on blur. */
interface NicknameTrack {
  typed: string;
  rejected: boolean;
}

function nicknameProblem(check: Extract<NicknameCheck, { ok: false }>, rejected: boolean): string {
  if (check.reason === 'too-long') return `昵称最多 ${NICKNAME_MAX_LENGTH} 个字，请改短一些`;
  return rejected ? NICKNAME_REJECTED_TEXT : NICKNAME_EMPTY_TEXT;
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//.test(value);
}

// Pages the user already left; a save that finishes afterwards must not navigate back from the page now in front.
const departed = new WeakSet<object>();
const nicknames = new WeakMap<object, NicknameTrack>();

Component({
  data: {
    ...EMPTY_USER_VIEW,
    ...LOADING_VIEW,
    profileApi: 'getUserProfile' as 'getUserProfile' | 'getUserInfo',
    chooseAvatar: false,
    /** getUserProfile / getUserInfo still give real data (before 2.27.1): worth a button. */
    offerWechatProfile: true,
    /** The avatar on show: the picked one (uploaded or not), else the saved one. */
    avatarPreview: '',
    /** Uploaded by chooseAvatar, saved with the next submit. */
    pendingAvatarUrl: '',
    /** The picked image whose upload failed: kept on show, and uploaded again by 重新上传. */
    failedAvatarPath: '',
    avatarRetryable: false,
    avatarNote: '',
    avatarNoteType: 'info' as NoticeType,
    nicknameError: '',
    uploading: false,
    saving: false,
    noticeText: '',
    noticeType: 'info' as NoticeType,
  },
  lifetimes: {
    attached() {
      const features = detectFeatures(wx);
      nicknames.set(this, { typed: '', rejected: false });
      this.setData({
        profileApi: features.profileApi,
        chooseAvatar: features.chooseAvatar,
        offerWechatProfile: !features.anonymousProfile,
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
      await loadPageView(this, async () => {
        await session.ensureLogin();
        const view = userView(session.getUser());
        return { ...view, avatarPreview: view.avatarUrl };
      });
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
      if (isAnonymousNickname(nickName)) {
        this.notify(
          'info',
          this.data.chooseAvatar
            ? '微信没有提供真实的头像和昵称，请在上方选择头像并填写昵称'
            : '没有拿到你的微信头像和昵称，资料未修改',
        );
        return;
      }
      const check = checkNickname(nickName);
      if (!check.ok) {
        this.notify('error', nicknameProblem(check, false));
        return;
      }
      await this.save(isHttpUrl(avatarUrl) ? { nickName: check.nickName, avatarUrl } : { nickName: check.nickName });
    },

    onChooseAvatar(event: WechatMiniprogramExtra.ButtonChooseAvatar) {
      const path = event.detail.avatarUrl;
      if (!path) return;
      void this.uploadAvatar(path);
    },
    onRetryAvatar() {
      if (this.data.failedAvatarPath) void this.uploadAvatar(this.data.failedAvatarPath);
    },
    /** Back to the saved avatar, so the nickname can be saved without the image that would not upload. */
    onDiscardAvatar() {
      this.setData({ avatarPreview: this.data.avatarUrl, failedAvatarPath: '', avatarRetryable: false, avatarNote: '' });
    },
    async uploadAvatar(path: string) {
      if (this.data.uploading || this.data.saving) return;
      this.setData({ uploading: true, avatarPreview: path, failedAvatarPath: '', avatarNote: '' });
      try {
        const { avatarUrl } = await api.uploadAvatar(path);
        this.setData({ uploading: false, pendingAvatarUrl: avatarUrl, avatarPreview: avatarUrl });
        this.noteAvatar('info', AVATAR_UPLOADED_TEXT);
      } catch (error) {
        const retryable = isRetryable(error);
        this.setData({ uploading: false, pendingAvatarUrl: '', failedAvatarPath: path, avatarRetryable: retryable });
        this.noteAvatar('error', `头像上传失败：${describeError(error)}${retryable ? '' : '。请换一张图片'}`);
      }
    },

    onNicknameInput(event: WechatMiniprogram.Input) {
      const track = nicknames.get(this);
      if (track === undefined) return;
      track.typed = event.detail.value;
      if (track.typed !== '') track.rejected = false;
      if (this.data.nicknameError) this.setData({ nicknameError: '' });
    },
    /** WeChat's content check empties a rejected nickname on blur; an empty value after typing means that. */
    onNicknameBlur(event: WechatMiniprogram.InputBlur) {
      const track = nicknames.get(this);
      if (track !== undefined && event.detail.value === '' && track.typed !== '') track.rejected = true;
    },
    onNicknameReview(event: WechatMiniprogram.CustomEvent<{ pass: boolean }>) {
      const track = nicknames.get(this);
      if (track !== undefined && event.detail.pass === false) track.rejected = true;
    },

    /** The nickname comes from the form: WeChat clears a rejected one on blur, which shows up here as empty. */
    async onSubmit(event: WechatMiniprogramExtra.FormSubmit) {
      if (this.data.saving || this.data.uploading) return;
      const check = checkNickname(event.detail.value.nickName);
      if (!check.ok) {
        this.setData({ nicknameError: nicknameProblem(check, nicknames.get(this)?.rejected === true) });
        return;
      }
      this.setData({ nicknameError: '' });
      if (this.data.failedAvatarPath) {
        this.noteAvatar('error', '这张头像还没有上传成功，请重新上传，或点“不用这张”');
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
        this.setData({ ...view, avatarPreview: view.avatarUrl, pendingAvatarUrl: '', avatarNote: '', saving: false });
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
    noteAvatar(type: NoticeType, text: string) {
      this.setData({ avatarNoteType: type, avatarNote: text });
    },
  },
});
