/**
 * Home: login state at a glance, the way to fill in a profile, and the way into the user center.
 * Everything shown is derived from the session (utils/home-view.ts); the page only follows it.
 */
import { session } from '../../core/session';
import { homeView } from '../../utils/home-view';
import { AUTH_PAGE_URL, UCENTER_PAGE_URL } from '../../utils/routes';

const unsubscribers = new WeakMap<object, () => void>();

Component({
  data: homeView({ status: 'logging-in', user: null, error: null }),
  lifetimes: {
    attached() {
      unsubscribers.set(
        this,
        session.subscribe((state) => this.setData(homeView(state))),
      );
    },
    detached() {
      this.stopFollowing();
    },
  },
  methods: {
    onLoad() {
      // App.onLaunch starts the same single-flight launch; this covers a page opened on its own.
      void session.launch();
    },
    onUnload() {
      this.stopFollowing();
    },
    stopFollowing() {
      unsubscribers.get(this)?.();
      unsubscribers.delete(this);
    },
    onRetry() {
      // The outcome arrives through the subscription; a rejection here is already in the state.
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
