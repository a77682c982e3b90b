import { useEffect, useState } from "react";
import { Alert, Button, Drawer, Spin, Tabs } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import { formatSize } from "./Attachments";

/** The most of the raw source shown on screen; the .eml download has all of it. */
const shownSource = 256 * 1024;

interface Header {
  name: string;
  value: string;
}

/** The header fields of a raw message as they travelled (folded lines joined, RFC 5322 §2.2.3), in their order. */
export function headersOf(raw: string): Header[] {
  const end = raw.search(/\r?\n\r?\n/);
  const lines = (end < 0 ? raw : raw.slice(0, end)).split(/\r?\n/);
  const headers: Header[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0)
      headers[headers.length - 1]!.value += " " + line.trim();
    else if (line.includes(":"))
      headers.push({ name: line.slice(0, line.indexOf(":")), value: line.slice(line.indexOf(":") + 1).trim() });
  }
  return headers;
}

type Source = { phase: "loading" } | { phase: "failed"; error: string } | { phase: "ready"; raw: string };

/** A message's original headers and raw source, read when the drawer opens. */
export function SourceDrawer({ messageId, rawUrl, open, onClose }: { messageId: string; rawUrl: string; open: boolean; onClose: () => void }) {
  const t = useT();
  const [source, setSource] = useState<Source>({ phase: "loading" });

  useEffect(() => {
    if (!open)
      return;
    let stale = false;
    setSource({ phase: "loading" });
    api.GET("/api/messages/{id}/raw", { params: { path: { id: messageId } }, parseAs: "text" })
      .then(({ data, error, response }) => {
        if (!stale)
          setSource(typeof data === "string" ? { phase: "ready", raw: data } : { phase: "failed", error: problemMessage(error, response) });
      })
      .catch((e: unknown) => { if (!stale) setSource({ phase: "failed", error: e instanceof Error ? e.message : String(e) }); });
    return () => { stale = true; };
  }, [open, messageId]);

  return (
    <Drawer open={open} onClose={onClose} size="large" title={t("thread.source.title")} destroyOnHidden
            extra={<Button icon={<DownloadOutlined />} href={rawUrl} download={`${messageId}.eml`}>{t("thread.source.download")}</Button>}>
      {source.phase === "loading" && <Spin aria-label={t("thread.source.loading")} />}
      {source.phase === "failed" && <Alert type="error" showIcon message={t("thread.source.failed", { reason: source.error })} />}
      {source.phase === "ready" && (
        <Tabs items={[
          {
            key: "headers",
            label: t("thread.source.headers"),
            children: (
              <table className="thread-headers" aria-label={t("thread.source.headers")}>
                <tbody>
                  {headersOf(source.raw).map((h, i) => (
                    <tr key={i}><th scope="row">{h.name}</th><td>{h.value}</td></tr>
                  ))}
                </tbody>
              </table>
            ),
          },
          {
            key: "raw",
            label: t("thread.source.raw"),
            children: (
              <>
                {source.raw.length > shownSource && (
                  <Alert type="info" showIcon message={t("thread.source.truncated", { size: formatSize(shownSource) })} />
                )}
                <pre className="thread-raw" aria-label={t("thread.source.raw")}>{source.raw.slice(0, shownSource)}</pre>
              </>
            ),
          },
        ]} />
      )}
    </Drawer>
  );
}
