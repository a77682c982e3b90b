// /conversations/:id: one conversation as a thread (the customer's mail, replies with their delivery, internal notes),
// the actions bar, the customer panel and the history; kept current by the live push.
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Alert, Button, Result, Space, Spin, Tag, Typography } from "antd";
import { ArrowLeftOutlined } from "@ant-design/icons";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { Composer } from "../composer";
import { CustomerPanel } from "../customer/CustomerPanel";
import { ViewingBadge } from "../together";
import { ActionsBar } from "./ActionsBar";
import { HistoryList } from "./HistoryList";
import { MessageCard } from "./MessageCard";
import { useConversation } from "./useConversation";
import type { Conversation } from "./types";
import "./thread.css";

const statusColor: Record<string, string> = { open: "blue", pending: "orange", snoozed: "purple", closed: "default" };

function StatusTag({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const [locale] = useLocale();
  const status = conversation.status;
  const label = status === "open" || status === "pending" || status === "snoozed" || status === "closed" ? t(`thread.status.${status}`) : status;
  return (
    <Space size={4}>
      <Tag color={statusColor[status] ?? "default"} className="thread-status">{label}</Tag>
      {status === "snoozed" && conversation.snoozedUntil && (
        <Typography.Text type="secondary">{t("thread.snoozedUntil", { time: formatDateTime(conversation.snoozedUntil, locale) })}</Typography.Text>
      )}
    </Space>
  );
}

export function ThreadPage() {
  const { id = "" } = useParams();
  const t = useT();
  const navigate = useNavigate();
  // "Show images" holds for the conversation it was pressed in.
  const [images, setImages] = useState<{ id: string; shown: boolean }>({ id, shown: false });
  const imagesShown = images.id === id && images.shown;
  const { state, reload, revision } = useConversation(id, imagesShown);
  const messagesEnd = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<string | null>(null);

  // Opening a conversation shows its latest message.
  useEffect(() => {
    if (state.phase === "ready" && scrolledFor.current !== id) {
      scrolledFor.current = id;
      messagesEnd.current?.scrollIntoView({ block: "end" });
    }
  }, [state, id]);

  if (state.phase === "loading")
    return <div className="thread-page thread-center"><Spin aria-label={t("thread.loading")} /></div>;
  if (state.phase === "missing")
    return <Result status="404" title={t("thread.notFound")} extra={<Link to="/conversations">{t("thread.back")}</Link>} />;
  if (state.phase === "failed")
    return (
      <Result status="warning" title={t("thread.failed", { reason: state.error })}
              extra={<Button onClick={() => void reload()}>{t("thread.retry")}</Button>} />
    );

  const conversation = state.conversation;
  return (
    <div className="thread-container">
      <div className="thread-page">
        <main className="thread-main" aria-label={conversation.subject}>
          <header className="thread-head">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t("thread.back")} className="thread-back"
                    onClick={() => navigate({ pathname: "/conversations", search: window.location.search })} />
            <div className="thread-title">
              <Typography.Title level={4} className="thread-subject">{conversation.subject}</Typography.Title>
              <Space size={8} wrap className="thread-meta">
                <Typography.Text type="secondary">{t("thread.number", { number: conversation.number })}</Typography.Text>
                <StatusTag conversation={conversation} />
                <span>{t("thread.assignee")}: {conversation.assignee?.name ?? t("thread.unassigned")}</span>
                <span>{t("thread.team")}: {conversation.team?.name ?? t("thread.noTeam")}</span>
                <ViewingBadge conversationId={conversation.id} announce />
              </Space>
            </div>
          </header>
          {conversation.mergedInto && (
            <Alert type="info" showIcon title={t("thread.mergedInto")}
                   action={<Link to={`/conversations/${conversation.mergedInto}`}>{t("thread.openMerged")}</Link>} />
          )}
          <ActionsBar conversation={conversation} onChanged={reload} onMerged={into => navigate(`/conversations/${into}`)} />
          <section className="thread-messages" aria-label={t("thread.messages")}>
            {conversation.messages.map(m => (
              <MessageCard key={m.id} message={m} imagesShown={imagesShown} onShowImages={() => setImages({ id, shown: true })} />
            ))}
            <div ref={messagesEnd} />
          </section>
          <Composer conversation={conversation} onSent={() => void reload()} />
        </main>
        <div className="thread-side">
          <CustomerPanel customerId={conversation.customer.id} conversationId={conversation.id} revision={revision} />
          <section className="thread-side-section" aria-label={t("thread.history")}>
            <Typography.Title level={5}>{t("thread.history")}</Typography.Title>
            <HistoryList conversationId={conversation.id} revision={revision} />
          </section>
        </div>
      </div>
    </div>
  );
}
