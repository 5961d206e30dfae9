/**
 * 用户协议 / 隐私政策 (`?doc=terms|privacy`): the text the operator keeps in content/agreements.ts.
 * Works logged out too: it is what a user reads before agreeing to log in.
 */
import { AGREEMENTS, isAgreementDoc } from '../../content/agreements';
import { HOME_PAGE_URL } from '../../utils/routes';

Component({
  data: {
    found: false,
    title: '',
    effectiveDate: '',
    sections: [] as Array<{ heading: string; paragraphs: string[] }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const doc = query.doc;
      if (!isAgreementDoc(doc)) {
        this.setData({ found: false });
        return;
      }
      const agreement = AGREEMENTS[doc];
      this.setData({ found: true, title: agreement.title, effectiveDate: agreement.effectiveDate, sections: agreement.sections });
      wx.setNavigationBarTitle({ title: agreement.title });
    },
    onBack() {
      wx.navigateBack({ delta: 1, fail: () => wx.reLaunch({ url: HOME_PAGE_URL }) });
    },
  },
});
