/**
 * 「登录即表示同意《用户协议》和《隐私政策》」: the consent line next to every action that starts collecting
 * data (login, saving a profile, binding a phone). `action` names that action (登录, 保存, 绑定).
 */
import { AGREEMENTS, isAgreementDoc } from '../../content/agreements';
import { agreementUrl } from '../../utils/routes';

Component({
  properties: {
    action: { type: String, value: '登录' },
  },
  data: {
    termsTitle: AGREEMENTS.terms.title,
    privacyTitle: AGREEMENTS.privacy.title,
  },
  methods: {
    onOpen(event: WechatMiniprogram.BaseEvent) {
      const doc: unknown = event.currentTarget.dataset.doc;
      if (!isAgreementDoc(doc)) return;
      wx.navigateTo({ url: agreementUrl(doc) });
    },
  },
});
