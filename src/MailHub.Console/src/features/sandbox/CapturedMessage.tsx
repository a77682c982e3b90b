import { useEffect, useRef, useState } from "react";
import { Alert, App, Button, Descriptions, Popconfirm, Space, Spin, Tabs, Typography } from "antd";
import { DeleteOutlined, DownloadOutlined, FileOutlined } from "@ant-design/icons";
import { api } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { MailFrame } from "../thread/MailFrame";
import { headersOf } from "../thread/SourceDrawer";
import { formatSize } from "../thread/Attachments";
import { sandboxProblem } from "./problems";
import { ReleaseButton, TagsAndRead } from "./MessageTools";
import type { SandboxMessage } from "./types";

/** The most of the raw source shown on screen; the .eml download has all of it. */
const shownSource = 256 * 1024;

type Read<T> = { phase: "loading" } | { phase: "failed"; error: string } | { phase: "ready"; value: T };

const addresses = (list: SandboxMessage["from"]) => list.map(a => (a.name ? `${a.name} <${a.address}>` : a.address)).join(", ");

/** One captured message: who and when, then its HTML (in the thread's sandboxed frame), text, headers, raw source and attachments. */
export function CapturedMessage({ id, canDelete, onDeleted, onChanged, onFilterTag }: {
  id: string;
  canDelete: boolean;
  onDeleted: () => void;
  /** The message's read state or tags changed (opening it marks it read): the list reads itself again. */
  onChanged: () => void;
  onFilterTag: (tag: string) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message: toast } = App.useApp();
  const [mail, setMail] = useState<Read<SandboxMessage>>({ phase: "loading" });
  const [raw, setRaw] = useState<Read<string> | null>(null);
  const [tab, setTab] = useState<string | null>(null);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;
  const rawUrl = `/api/sandbox/messages/${id}/raw`;

  useEffect(() => {
    let stale = false;
    api.GET("/api/sandbox/messages/{id}", { params: { path: { id } } })
      .then(({ data, error, response }) => {
        if (stale)
          return;
        setMail(data ? { phase: "ready", value: data } : { phase: "failed", error: sandboxProblem(t, error, response) });
        if (data)
          onChangedRef.current(); // now read: the list shows it so
      })
      .catch(() => { if (!stale) setMail({ phase: "failed", error: t("sandbox.unreachable") }); });
    return () => { stale = true; };
  }, [id, t]);

  // Headers and the raw source come from the message's bytes, read the first time either tab opens.
  useEffect(() => {
    if ((tab !== "headers" && tab !== "raw") || raw)
      return;
    setRaw({ phase: "loading" });
    api.GET("/api/sandbox/messages/{id}/raw", { params: { path: { id } }, parseAs: "text" })
      .then(({ data, error, response }) => setRaw(typeof data === "string"
        ? { phase: "ready", value: data }
        : { phase: "failed", error: sandboxProblem(t, error, response) }))
      .catch(() => setRaw({ phase: "failed", error: t("sandbox.unreachable") }));
  }, [tab, raw, id, t]);

  async function remove() {
    try {
      const { error, response } = await api.DELETE("/api/sandbox/messages/{id}", { params: { path: { id } } });
      if (response.ok || response.status === 404) {
        void toast.success(t("sandbox.deleted"));
        onDeleted();
      } else {
        void toast.error(sandboxProblem(t, error, response));
      }
    } catch {
      void toast.error(t("sandbox.unreachable"));
    }
  }

  if (mail.phase === "loading")
    return <Spin />;
  if (mail.phase === "failed")
    return <Alert type="warning" showIcon role="alert" title={mail.error} />;
  const m = mail.value;
  const rawView = (children: (text: string) => React.ReactNode) => {
    if (!raw || raw.phase === "loading")
      return <Spin />;
    if (raw.phase === "failed")
      return <Alert type="error" showIcon title={raw.error} />;
    return children(raw.value);
  };
  const active = tab ?? (m.html ? "html" : "text");

  return (
    <article className="sandbox-message" aria-labelledby="sandbox-subject">
      <header className="sandbox-message-header">
        <Typography.Title level={4} id="sandbox-subject" style={{ margin: 0 }}>{m.subject || t("sandbox.noSubject")}</Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined aria-hidden />} href={rawUrl} download={`${id}.eml`}>{t("sandbox.download")}</Button>
          {canDelete && <ReleaseButton id={id} rcptTo={m.envelope.rcptTo} />}
          {canDelete && (
            <Popconfirm title={t("sandbox.deleteConfirm")} okText={t("sandbox.delete")} cancelText={t("sandbox.cancel")}
                        okButtonProps={{ danger: true }} onConfirm={remove}>
              <Button danger icon={<DeleteOutlined aria-hidden />}>{t("sandbox.delete")}</Button>
            </Popconfirm>
          )}
        </Space>
      </header>
      <TagsAndRead id={id} tags={m.tags} onFilterTag={onFilterTag}
                   onChanged={tags => { setMail({ phase: "ready", value: { ...m, tags } }); onChanged(); }} />
      <Descriptions size="small" column={1} className="sandbox-message-facts"
        items={[
          { key: "from", label: t("sandbox.from"), children: addresses(m.from) },
          { key: "to", label: t("sandbox.to"), children: addresses(m.to) },
          ...(m.cc.length > 0 ? [{ key: "cc", label: t("sandbox.cc"), children: addresses(m.cc) }] : []),
          { key: "date", label: t("sandbox.date"), children: formatDateTime(m.capturedAt, locale) },
          {
            key: "envelope",
            label: t("sandbox.envelope"),
            children: t("sandbox.envelopeText", { from: `<${m.envelope.mailFrom}>`, to: m.envelope.rcptTo.map(r => `<${r}>`).join(", ") }),
          },
          ...(m.messageId ? [{ key: "id", label: t("sandbox.messageId"), children: <Typography.Text code>{m.messageId}</Typography.Text> }] : []),
          ...(m.inReplyTo.length > 0 ? [{ key: "re", label: t("sandbox.inReplyTo"), children: <Typography.Text code>{m.inReplyTo.join(" ")}</Typography.Text> }] : []),
          { key: "size", label: t("sandbox.size"), children: formatSize(m.size) },
        ]} />
      <Tabs activeKey={active} onChange={setTab} items={[
        {
          key: "html",
          label: t("sandbox.html"),
          children: m.html ? <MailFrame html={m.html} title={t("sandbox.htmlFrame")} /> : <Typography.Text type="secondary">{t("sandbox.noHtml")}</Typography.Text>,
        },
        {
          key: "text",
          label: t("sandbox.text"),
          children: m.text
            ? <pre className="sandbox-text">{m.text}</pre>
            : <Typography.Text type="secondary">{t("sandbox.noText")}</Typography.Text>,
        },
        {
          key: "headers",
          label: t("sandbox.headers"),
          children: rawView(text => (
            <table className="thread-headers" aria-label={t("sandbox.headers")}>
              <tbody>
                {headersOf(text).map((h, i) => <tr key={i}><th scope="row">{h.name}</th><td>{h.value}</td></tr>)}
              </tbody>
            </table>
          )),
        },
        {
          key: "raw",
          label: t("sandbox.raw"),
          children: rawView(text => (
            <>
              {text.length > shownSource && <Alert type="info" showIcon title={t("sandbox.rawTruncated", { size: formatSize(shownSource) })} />}
              <pre className="thread-raw">{text.slice(0, shownSource)}</pre>
            </>
          )),
        },
        {
          key: "attachments",
          label: t("sandbox.attachments", { count: m.attachments.length }),
          children: m.attachments.length === 0
            ? <Typography.Text type="secondary">{t("sandbox.noAttachments")}</Typography.Text>
            : (
              <ul className="sandbox-attachments" aria-label={t("sandbox.attachments", { count: m.attachments.length })}>
                {m.attachments.map((a, i) => (
                  <li key={i}>
                    <FileOutlined aria-hidden />
                    <span className="sandbox-attachment-name">{a.fileName ?? a.contentType}</span>
                    <Typography.Text type="secondary">{a.contentType}</Typography.Text>
                    {a.size != null && <Typography.Text type="secondary">{formatSize(a.size)}</Typography.Text>}
                    {a.inline && <Typography.Text type="secondary">{t("sandbox.inline")}</Typography.Text>}
                  </li>
                ))}
              </ul>
            ),
        },
      ]} />
    </article>
  );
}
