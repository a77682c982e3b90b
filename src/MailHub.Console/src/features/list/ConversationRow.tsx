// One conversation in the list: customer, subject, mailbox, assignee, tags, priority, time, and the marks that ask
// for attention (the customer is waiting, new activity since the list was read).
import { memo } from "react";
import { Link } from "react-router";
import { Checkbox, Tag, Tooltip } from "antd";
import { ClockCircleOutlined } from "@ant-design/icons";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import type { ConversationItem } from "./useConversationPages";
import { rowTime, waited } from "./time";
import type { Priority } from "./listQuery";
import { ViewingBadge } from "../together";

const priorityColors: Record<string, string | undefined> = { urgent: "red", high: "orange", low: "default" };

interface Props {
  item: ConversationItem;
  href: string;
  mailboxName: string | undefined;
  active: boolean;
  open: boolean;
  selected: boolean;
  fresh: boolean;
  onSelect(id: string, selected: boolean): void;
  onActivate(id: string): void;
  onOpen(id: string): void;
}

export const ConversationRow = memo(function ConversationRow(props: Props) {
  const { item, href, mailboxName, active, open, selected, fresh, onSelect, onActivate, onOpen } = props;
  const t = useT();
  const [locale] = useLocale();
  const subject = item.subject.trim() || t("list.row.noSubject");
  const assignee = item.assignee?.name ?? (item.team?.name ? null : t("list.row.unassigned"));
  const className = ["list-row", active && "list-row-active", open && "list-row-open", fresh && "list-row-fresh"].filter(Boolean).join(" ");

  return (
    <li className={className} data-conversation={item.id} aria-current={open ? "page" : undefined} onClick={() => onOpen(item.id)}>
      {/* Selecting is not opening: the click stays with the checkbox. */}
      <span className="list-row-check" onClick={e => e.stopPropagation()}>
        <Checkbox checked={selected} aria-label={t("list.row.select", { subject })} onChange={e => onSelect(item.id, e.target.checked)} />
      </span>
      <div className="list-row-body">
        <div className="list-row-line">
          <span className="list-row-customer" title={item.customer.email}>
            {fresh && <span className="list-row-dot" role="img" aria-label={t("list.row.new")} />}
            {item.customer.name || item.customer.email}
          </span>
          <time className="list-row-time" dateTime={item.lastMessageAt} title={formatDateTime(item.lastMessageAt, locale)}>
            {rowTime(item.lastMessageAt, locale)}
          </time>
        </div>
        <Link className="list-row-subject" to={href} tabIndex={active ? 0 : -1} onFocus={() => onActivate(item.id)}
          onClick={e => e.stopPropagation()}>
          {subject}
        </Link>
        {item.preview && <span className="list-row-preview">{item.preview}</span>}
        <div className="list-row-line list-row-meta">
          <span className="list-row-where">
            {[mailboxName, item.team?.name, assignee].filter(Boolean).join(" · ")}
          </span>
          <span className="list-row-marks">
            <ViewingBadge conversationId={item.id} compact />
            {item.waitingSince && (
              <Tooltip title={t("list.row.waitingSince", { at: formatDateTime(item.waitingSince, locale) })}>
                <Tag color="gold" icon={<ClockCircleOutlined aria-hidden />} className="list-row-waiting">
                  {t("list.row.waiting", { duration: waited(item.waitingSince, locale) })}
                </Tag>
              </Tooltip>
            )}
            {item.snoozedUntil && item.status === "snoozed" && (
              <Tag>{t("list.row.snoozedUntil", { at: formatDateTime(item.snoozedUntil, locale) })}</Tag>
            )}
            {item.priority !== "normal" && (
              <Tag color={priorityColors[item.priority]}>{t(`list.priority.${item.priority as Priority}`)}</Tag>
            )}
          </span>
        </div>
        {item.tags.length > 0 && (
          <ul className="list-row-tags" aria-label={t("list.row.tags")}>
            {item.tags.map(tag => <li key={tag}><Tag bordered={false}>{tag}</Tag></li>)}
          </ul>
        )}
      </div>
    </li>
  );
});
