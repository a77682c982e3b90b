import { defineMessages } from "../../i18n/define";

export const messages = defineMessages({
  en: {
    "shell.brand": "MailHub",
    "shell.language": "Language",
    "shell.navigation": "Main navigation",
    "shell.conversations": "Conversations",
    "shell.account": "Account menu",
    "shell.signOut": "Sign out",
    "shell.changePassword": "Change password",
    "shell.notFound": "There is no page here.",
    "shell.backHome": "Back to conversations",
    "shell.loading": "Loading…",
  },
  "zh-CN": {
    "shell.brand": "MailHub",
    "shell.language": "语言",
    "shell.navigation": "主导航",
    "shell.conversations": "会话",
    "shell.account": "账号菜单",
    "shell.signOut": "退出登录",
    "shell.changePassword": "修改密码",
    "shell.notFound": "此页面不存在。",
    "shell.backHome": "返回会话列表",
    "shell.loading": "加载中…",
  },
});
