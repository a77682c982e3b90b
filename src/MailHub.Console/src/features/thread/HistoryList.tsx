import { useEffect, useState } from "react";
import { Alert, Empty, Spin, Timeline } from "antd";
import { Link } from "react-router";
import { api, problemMessage } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { priorities, type HistoryItem, type Priority } from "./types";

const kinds = new Set(["opened", "assigned", "transferred", "closed", "reopened", "pending", "snoozed", "woke", "tagged", "priority", "merged"]);

type History = { phase: "loading" } | { phase: "failed"; error: string } | { phase: "ready"; items: HistoryItem[] };

/** Who did what to the conversation and when (GET /api/conversations/{id}/history), read again as it changes live. */
export function HistoryList({ conversationId, revision }: { conversationId: string; revision: number }) {
  const t = useT();
  const [locale] = useLocale();
  const [history, setHistory] = useState<History>({ phase: "loading" });

  useEffect(() => {
    let stale = false;
    api.GET("/api/conversations/{id}/history", { params: { path: { id: conversationId } } })
      .then(({ data, error, response }) => {
        if (!stale)
          setHistory(data ? { phase: "ready", items: data.items } : { phase: "failed", error: problemMessage(error, response) });
      })
      .catch((e: unknown) => { if (!stale) setHistory({ phase: "failed", error: e instanceof Error ? e.message : String(e) }); });
    return () => { stale = true; };
  }, [conversationId, revision]);

  if (history.phase === "loading")
    return <Spin size="small" />;
  if (history.phase === "failed")
    return <Alert type="warning" showIcon title={t("thread.history.failed", { reason: history.error })} />;
  if (history.items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("thread.history.empty")} />;

  const describe = (item: HistoryItem) => {
    const by = item.byName ?? t("thread.history.system");
    let detail = item.detail ?? "";
    if (item.kind === "snoozed" && detail && !Number.isNaN(Date.parse(detail)))
      detail = formatDateTime(detail, locale);
    if (item.kind === "priority" && (priorities as readonly string[]).includes(detail))
      detail = t(`thread.priority.${detail as Priority}`);
    if (item.kind === "reopened" && item.detail === "customer")
      return t("thread.history.reopenedByCustomer");
    if (item.kind === "reopened" && item.detail === "snooze-ended")
      return t("thread.history.woke");
    if (item.kind === "merged" && item.detail)
      return <>{t("thread.history.merged", { by })} <Link to={`/conversations/${item.detail}`}>{t("thread.history.mergedOpen")}</Link></>;
    const values = { by, detail, kind: item.kind };
    return kinds.has(item.kind) ? t(`thread.history.${item.kind}` as MessageKey, values) : t("thread.history.other", values);
  };
  return (
    <Timeline className="thread-history" items={[...history.items].reverse().map((item, i) => ({
      key: `${item.at}-${i}`,
      children: (
        <>
          <div>{describe(item)}</div>
          <time dateTime={item.at} className="thread-history-time">{formatDateTime(item.at, locale)}</time>
        </>
      ),
    }))} />
  );
}
