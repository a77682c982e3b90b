import { useMemo, useState } from "react";
import { Alert, Button, Segmented, Space, Tag, Typography } from "antd";
import { FileTextOutlined, LockOutlined, PaperClipOutlined, PictureOutlined } from "@ant-design/icons";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { Attachments } from "./Attachments";
import { DeliveryTag } from "./DeliveryTag";
import { MailFrame } from "./MailFrame";
import { SourceDrawer } from "./SourceDrawer";
import { splitQuotedHtml, splitQuotedText } from "./quotes";
import type { ThreadMessage } from "./types";

/** "张三" <a@b> as a name and an address; an address alone as it is. */
function sender(from: string): { name: string; address: string | null } {
  const match = /^"?(.*?)"?\s*<([^>]+)>$/.exec(from.trim());
  return match && match[1] ? { name: match[1], address: match[2]! } : { name: from, address: null };
}

/** The plain text, its trailing quote folded until asked for. */
function PlainBody({ text }: { text: string }) {
  const t = useT();
  const [quoted, setQuoted] = useState(false);
  const split = useMemo(() => splitQuotedText(text), [text]);
  return (
    <>
      <div className="thread-text">{split.body}</div>
      {split.quoted !== null && (
        <>
          <Button size="small" type="text" className="thread-quote-toggle" aria-expanded={quoted} onClick={() => setQuoted(q => !q)}>
            {quoted ? t("thread.hideQuoted") : t("thread.showQuoted")}
          </Button>
          {quoted && <div className="thread-text thread-quoted">{split.quoted}</div>}
        </>
      )}
    </>
  );
}

/** The sanitized HTML in its sandboxed frame, its trailing quote folded until asked for. */
function HtmlBody({ html, title }: { html: string; title: string }) {
  const t = useT();
  const [quoted, setQuoted] = useState(false);
  const split = useMemo(() => splitQuotedHtml(html), [html]);
  return (
    <>
      <MailFrame html={quoted && split.full !== null ? split.full : split.body} title={title} />
      {split.full !== null && (
        <Button size="small" type="text" className="thread-quote-toggle" aria-expanded={quoted} onClick={() => setQuoted(q => !q)}>
          {quoted ? t("thread.hideQuoted") : t("thread.showQuoted")}
        </Button>
      )}
    </>
  );
}

export interface MessageCardProps {
  message: ThreadMessage;
  /** Remote images are shown in this conversation (the agent pressed "Show images"). */
  imagesShown: boolean;
  onShowImages: () => void;
}

/** One message of the thread: the customer's mail, an agent's reply with its delivery, or an internal note. */
export function MessageCard({ message, imagesShown, onShowImages }: MessageCardProps) {
  const t = useT();
  const [locale] = useLocale();
  const [view, setView] = useState<"html" | "text">("html");
  const [sourceOpen, setSourceOpen] = useState(false);
  const kind = message.direction === "inbound" ? "inbound" : message.direction === "note" ? "note" : "outbound";
  const kindLabel = t(`thread.kind.${kind}`);
  const from = message.from ?? kindLabel;
  const hasHtml = message.html !== null && message.html !== undefined && message.html.trim().length > 0;
  const hasText = message.text !== null && message.text !== undefined && message.text.trim().length > 0;
  const showHtml = hasHtml && (view === "html" || !hasText);
  const attachments = message.attachments.filter(a => !a.inline || !hasHtml);

  return (
    <article className={`thread-message thread-message-${kind}`} aria-label={`${kindLabel}: ${from}`}>
      <header className="thread-message-header">
        <div className="thread-message-who">
          <Space size={6} wrap>
            {kind === "note" ? <Tag icon={<LockOutlined />} color="gold">{kindLabel}</Tag> : <Tag color={kind === "inbound" ? "blue" : "green"}>{kindLabel}</Tag>}
            <Typography.Text strong>
              {sender(from).name}
              {sender(from).address && <span className="thread-message-address"> &lt;{sender(from).address}&gt;</span>}
            </Typography.Text>
            {message.automatic && <Tag>{t("thread.automatic")}</Tag>}
            {message.delivery && <DeliveryTag delivery={message.delivery} />}
          </Space>
          {kind !== "note" && (message.to || message.cc) && (
            <div className="thread-message-recipients">
              {message.to && <span>{t("thread.to")}: {message.to}</span>}
              {message.cc && <span>{t("thread.cc")}: {message.cc}</span>}
            </div>
          )}
        </div>
        <Space size={4} className="thread-message-tools">
          <time dateTime={message.date} className="thread-message-date">{formatDateTime(message.date, locale)}</time>
          {hasHtml && hasText && (
            <Segmented size="small" aria-label={t("thread.bodyView")} value={view} onChange={v => setView(v as "html" | "text")}
                       options={[{ value: "html", label: t("thread.showHtml") }, { value: "text", label: t("thread.showPlain") }]} />
          )}
          {message.rawUrl && (
            <Button size="small" type="text" icon={<FileTextOutlined />} aria-label={t("thread.source")} title={t("thread.source")}
                    onClick={() => setSourceOpen(true)} />
          )}
        </Space>
      </header>
      {showHtml && message.remoteImagesBlocked && !imagesShown && (
        <Alert className="thread-images-blocked" type="info" showIcon icon={<PictureOutlined />} title={t("thread.imagesBlocked")}
               action={<Button size="small" onClick={onShowImages}>{t("thread.showImages")}</Button>} />
      )}
      <div className="thread-message-body">
        {showHtml
          ? <HtmlBody html={message.html!} title={t("thread.mailFrame", { from })} />
          : hasText ? <PlainBody text={message.text!} /> : <Typography.Text type="secondary">{t("thread.empty")}</Typography.Text>}
      </div>
      {attachments.length > 0 && (
        <footer className="thread-message-attachments">
          <PaperClipOutlined aria-hidden />
          <Attachments messageId={message.id} attachments={attachments} />
        </footer>
      )}
      {message.rawUrl && <SourceDrawer messageId={message.id} rawUrl={message.rawUrl} open={sourceOpen} onClose={() => setSourceOpen(false)} />}
    </article>
  );
}
