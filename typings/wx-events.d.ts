/** Event shapes that miniprogram-api-typings lacks. */
declare namespace WechatMiniprogramExtra {}
