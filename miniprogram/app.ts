import { configure, session } from 'miniprogram-login';
import { API_BASE_URLS } from './config';

// This project's own contract is the package's default: only where the server lives is configured.
configure({ baseUrl: API_BASE_URLS });

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // Silent login as early as possible; pages and requests wait on the same flight instead of racing it.
    void session.launch();
  },
});
