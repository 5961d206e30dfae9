/**
 * The texts of 用户协议 and 隐私政策, shown by pages/agreement. This is the one file the operator edits:
 * replace the operator's name and contact, and adapt each section to what the mini-program really does.
 * A paragraph is plain text; sections are shown in this order.
 */
export type AgreementDoc = 'terms' | 'privacy';

export interface AgreementSection {
  heading: string;
  paragraphs: string[];
}

export interface Agreement {
  /** Shown in the navigation bar and in the links (《…》). */
  title: string;
  /** The date this version takes effect, as the reader should see it. */
  effectiveDate: string;
  sections: AgreementSection[];
}

/** Who runs the mini-program and how to reach them; used in both texts. */
export const OPERATOR = {
  name: '登录示例小程序运营者',
  contact: '小程序内“个人中心”或邮箱 privacy@example.com',
};

export const AGREEMENTS: Record<AgreementDoc, Agreement> = {
  terms: {
    title: '用户协议',
    effectiveDate: '2026年12月1日',
    sections: [
      {
        heading: '一、协议的范围',
        paragraphs: [
          `本协议是你与${OPERATOR.name}之间关于使用本小程序的约定。你使用微信登录本小程序，即表示你已阅读并同意本协议和《隐私政策》。`,
        ],
      },
      {
        heading: '二、账号',
        paragraphs: [
          '本小程序使用你的微信身份登录，不另设密码。你可以随时退出登录，也可以在“个人中心 → 注销账号”中注销账号。',
          '注销后，你的昵称、头像、手机号和登录记录会被永久删除，且无法恢复；再次登录将作为新用户。',
        ],
      },
      {
        heading: '三、你的内容',
        paragraphs: ['你设置的头像和昵称应当合法、不侵犯他人权利。微信会对昵称和头像进行内容安全检查，未通过的内容无法使用。'],
      },
      {
        heading: '四、服务的变更与中断',
        paragraphs: ['我们可能因维护或升级暂停部分服务，并尽量提前告知。服务暂时不可用时，你的数据不会因此丢失。'],
      },
      {
        heading: '五、联系我们',
        paragraphs: [`对本协议有任何疑问，请通过${OPERATOR.contact}联系我们。`],
      },
    ],
  },
  privacy: {
    title: '隐私政策',
    effectiveDate: '2026年12月1日',
    sections: [
      {
        heading: '一、我们收集的信息',
        paragraphs: [
          '登录：微信提供的用户标识（openid），用于识别你的账号；我们不会获得你的微信密码。',
          '资料：你主动设置的头像和昵称，用于在本小程序中展示。',
          '手机号：仅在你点击“绑定手机号”并在微信弹窗中同意后获取，用于账号联系和安全验证。',
        ],
      },
      {
        heading: '二、信息的使用和保存',
        paragraphs: [
          '以上信息只用于本小程序的功能，不会出售，也不会提供给第三方。信息保存在我们的服务器上，直到你清除它或注销账号。',
        ],
      },
      {
        heading: '三、你的权利',
        paragraphs: [
          '在“个人中心 → 我们保存的你的信息”中，你可以查看我们保存的信息，清除头像和昵称、清除手机号，或注销账号。',
          '你在微信中撤回授权（例如在“设置 → 隐私”中）后，我们会删除相应的信息。',
        ],
      },
      {
        heading: '四、账号注销',
        paragraphs: ['注销账号后，你的昵称、头像、手机号和登录记录会被立即永久删除，无法恢复；所有设备上的登录同时失效。'],
      },
      {
        heading: '五、联系我们',
        paragraphs: [`对本政策或你的信息有任何疑问，请通过${OPERATOR.contact}联系我们。`],
      },
    ],
  },
};

export function isAgreementDoc(value: unknown): value is AgreementDoc {
  return value === 'terms' || value === 'privacy';
}
