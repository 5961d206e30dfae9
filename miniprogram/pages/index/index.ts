/**
 * Home: login state at a glance, the way to fill in a profile, and the way into the user center.
 * Everything shown is derived from the session (utils/home-view.ts); the page only follows it, and
 * refreshes the user from the server whenever it comes to the front.
 */
import { loginBehavior, session } from 'miniprogram-login';
import { api, refreshUser } from 'miniprogram-login/api';
import type { SessionState } from 'miniprogram-login';
import { homeView } from '../../utils/home-view';
import { AUTH_PAGE_URL, UCENTER_PAGE_URL } from '../../utils/routes';

Component({
  behaviors: [loginBehavior()],
  data: {
    ...homeView({ status: 'logging-in', user: null, error: null }),
    /** Retries tapped since the last success; a retry that fails again says so. */
    retries: 0,
    /** Opened after an account deletion (`?deleted=1`). */
    deleted: false,
  },
  methods: {
    /** loginBehavior calls this with every session state while the page is shown. */
    onLoginState(state: SessionState) {
      const retries = state.status === 'logged-in' ? 0 : this.data.retries;
      this.setData({ ...homeView(state, retries), retries });
    },
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ deleted: query.deleted === '1' });
      // App.onLaunch starts the same single-flight launch; this covers a page opened on its own.
      void session.launch();
    },
    onShow() {
      void refreshUser({ api, session });
    },
    onLogin() {
      this.setData({ deleted: false });
      // The outcome arrives through the subscription; a rejection here is already in the state.
      session.ensureLogin().catch(() => undefined);
    },
    onRetry() {
      this.setData({ retries: this.data.retries + 1 });
      session.ensureLogin().catch(() => undefined);
    },
    onOpenAuth() {
      wx.navigateTo({ url: AUTH_PAGE_URL });
    },
    onOpenUcenter() {
      wx.navigateTo({ url: UCENTER_PAGE_URL });
    },
  },
});
