import { EditOutlined, EyeOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import { useT } from "../../i18n/I18n";
import { useSession } from "../session/Session";
import { useAnnounceViewing, useViewers, type Viewer } from "./activity";

export interface ViewingBadgeProps {
  conversationId: string;
  /** The open conversation (the thread): this console also tells the others it is viewing it while mounted. */
  announce?: boolean;
  /** A row of the list: the icon and the first name only, the rest in the tooltip. */
  compact?: boolean;
}

/**
 * "X is viewing" / "X is replying" on a conversation, live; nothing while nobody else is on it. Replying outranks
 * viewing: whoever replies is named first (two agents answering the same customer is what this badge prevents).
 */
export function ViewingBadge({ conversationId, announce = false, compact = false }: ViewingBadgeProps) {
  const t = useT();
  const { account } = useSession();
  useAnnounceViewing(announce ? conversationId : undefined);
  const viewers = useViewers(conversationId, account?.id);
  const ordered = [...viewers].sort((a, b) => rank(b) - rank(a));
  const first = ordered[0];
  if (!first)
    return null;
  const replying = first.activity === "replying";
  const sentence = (v: Viewer) => t(v.activity === "replying" ? "together.replying" : "together.viewing", { name: v.agentName });
  const all = ordered.map(sentence).join("; ");
  const label = ordered.length > 1 && !compact
    ? t("together.viewingMany", { name: first.agentName, count: ordered.length - 1 })
    : sentence(first);
  return (
    <Tooltip title={all}>
      <Tag
        role="status"
        aria-label={all}
        data-activity={first.activity}
        color={replying ? "orange" : "blue"}
        icon={replying ? <EditOutlined /> : <EyeOutlined />}
        style={{ marginInlineEnd: 0 }}
      >
        {compact ? first.agentName : label}
      </Tag>
    </Tooltip>
  );
}

function rank(viewer: Viewer) {
  return viewer.activity === "replying" ? 1 : 0;
}
