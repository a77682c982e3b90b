import { useState } from "react";
import { App, Button, Image, Space, Tooltip } from "antd";
import { DownloadOutlined, EyeOutlined, FileOutlined, FilePdfOutlined } from "@ant-design/icons";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import type { Attachment } from "./types";

/** 1.2 MB, 340 KB, 12 B. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024)
    return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

const isImage = (a: Attachment) => /^image\/(png|gif|jpeg|webp|bmp|avif)$/i.test(a.contentType);
const isPdf = (a: Attachment) => a.contentType.toLowerCase() === "application/pdf" || a.fileName.toLowerCase().endsWith(".pdf");

/** The attachment's index among the message's, from its download URL (/api/messages/{id}/attachments/{index}). */
function indexOf(a: Attachment): number {
  return Number(/\/attachments\/(\d+)$/.exec(a.url)?.[1] ?? -1);
}

/**
 * A message's attachments: images previewed in place (full size on click), PDFs opened in the browser's own viewer in a
 * new tab, every one downloadable under its own file name (Chinese names included: the host sends filename* too).
 */
export function Attachments({ messageId, attachments }: { messageId: string; attachments: Attachment[] }) {
  const t = useT();
  const { message } = App.useApp();
  const [previewing, setPreviewing] = useState<string | null>(null);

  // The console's policy frames nothing, so a PDF is shown in a tab of its own, from the bytes read here.
  const previewPdf = async (attachment: Attachment) => {
    const tab = window.open("", "_blank");
    try {
      const { data, error, response } = await api.GET("/api/messages/{id}/attachments/{index}", {
        params: { path: { id: messageId, index: indexOf(attachment) } },
        parseAs: "blob",
      });
      if (!data)
        throw new Error(problemMessage(error, response));
      const url = URL.createObjectURL(new Blob([data as Blob], { type: "application/pdf" }));
      if (tab)
        tab.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      tab?.close();
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <ul className="thread-attachments" aria-label={t("thread.attachments")}>
      {attachments.map(a => (
        <li key={a.url} className="thread-attachment">
          {isImage(a)
            ? <Image src={a.url} alt={a.fileName} width={72} height={72} className="thread-attachment-thumb"
                     preview={{ open: previewing === a.url, onOpenChange: open => setPreviewing(open ? a.url : null) }} />
            : <span className="thread-attachment-icon" aria-hidden>{isPdf(a) ? <FilePdfOutlined /> : <FileOutlined />}</span>}
          <span className="thread-attachment-name" title={a.fileName}>{a.fileName}</span>
          <span className="thread-attachment-size">{formatSize(a.size)}</span>
          <Space size={0}>
            {(isPdf(a) || isImage(a)) && (
              <Tooltip title={t("thread.preview", { name: a.fileName })}>
                <Button type="text" size="small" icon={<EyeOutlined />} aria-label={t("thread.preview", { name: a.fileName })}
                        onClick={() => isPdf(a) ? void previewPdf(a) : setPreviewing(a.url)} />
              </Tooltip>
            )}
            <Tooltip title={t("thread.download", { name: a.fileName })}>
              <Button type="text" size="small" icon={<DownloadOutlined />} href={a.url} download={a.fileName}
                      aria-label={t("thread.download", { name: a.fileName })} />
            </Tooltip>
          </Space>
        </li>
      ))}
    </ul>
  );
}
