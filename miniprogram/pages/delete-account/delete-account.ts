/**
 * 注销账号: says what will be deleted (with the user's own data on show) and that it cannot be undone,
 * asks for a deliberate confirmation (tick 我已了解, then the button), then `DELETE /api/user/me`.
 * Success ends the session on this device (no call, no silent re-login) and opens the logged-out home;
 * a failure keeps the account and everything on the device as it was, and says so.
 */
import { session } from 'miniprogram-login';
import { api, loadUser } from 'miniprogram-login/api';
import { describeError } from 'miniprogram-login/messages';
import { LOADING_VIEW, loadPageView } from '../../utils/error-view';
import { HOME_AFTER_DELETION_URL } from '../../utils/routes';
import { EMPTY_USER_VIEW, userView } from '../../utils/user-view';

Component({
  data: {
    ...EMPTY_USER_VIEW,
    ...LOADING_VIEW,
    acknowledged: false,
    deleting: false,
    failureText: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      await loadPageView(this, async () => userView(await loadUser({ api, session })));
    },
    onRetry() {
      void this.load();
    },
    onToggleAcknowledge() {
      if (this.data.deleting) return;
      this.setData({ acknowledged: !this.data.acknowledged });
    },
    async onDelete() {
      if (!this.data.acknowledged || this.data.deleting) return;
      this.setData({ deleting: true, failureText: '' });
      try {
        await api.deleteMe();
      } catch (error) {
        this.setData({ deleting: false, failureText: `注销失败：${describeError(error)}。你的账号和信息都还在，没有任何改动。` });
        return;
      }
      session.forget();
      wx.reLaunch({ url: HOME_AFTER_DELETION_URL });
    },
    onCancel() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
