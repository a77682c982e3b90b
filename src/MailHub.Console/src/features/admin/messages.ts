import { defineMessages } from "../../i18n/define";

export const messages = defineMessages({
  en: {
    "admin.menu": "Admin",
    "admin.navigation": "Admin sections",
    "admin.forbidden": "Only administrators can open this page. Ask an administrator if you need access.",
  },
  "zh-CN": {
    "admin.menu": "管理",
    "admin.navigation": "管理菜单",
    "admin.forbidden": "只有管理员可以打开此页面。如需访问，请联系管理员。",
  },
});
