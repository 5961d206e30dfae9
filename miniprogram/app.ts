import { session } from './core/session';

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // Silent login as early as possible; pages and requests wait on the same flight instead of racing it.
    void session.launch();
  },
});
