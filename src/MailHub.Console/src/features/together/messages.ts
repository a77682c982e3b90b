import { defineMessages } from "../../i18n/define";

export const messages = defineMessages({
  en: {
    "together.presence": "Presence",
    "together.presence.online": "Online",
    "together.presence.away": "Away",
    "together.presence.offline": "Offline",
    "together.presence.failed": "Your presence could not be changed: {error}",
    "together.viewing": "{name} is viewing",
    "together.replying": "{name} is replying",
    "together.viewingMany": "{name} and {count} more are here",
  },
  "zh-CN": {
    "together.presence": "在线状态",
    "together.presence.online": "在线",
    "together.presence.away": "离开",
    "together.presence.offline": "离线",
    "together.presence.failed": "无法更改在线状态：{error}",
    "together.viewing": "{name} 正在查看",
    "together.replying": "{name} 正在回复",
    "together.viewingMany": "{name} 等 {count} 人也在这里",
  },
});
