import { useState } from "react";
import { App, Button, Select, Space, Tooltip } from "antd";
import { CheckOutlined, ClockCircleOutlined, MergeCellsOutlined, PauseCircleOutlined, RedoOutlined, SwapOutlined, UserAddOutlined } from "@ant-design/icons";
import { api, problemMessage } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { MergeDialog } from "./MergeDialog";
import { useIsMember } from "./useAgents";
import { SnoozeDialog } from "./SnoozeDialog";
import { TransferDialog, type TransferTarget } from "./TransferDialog";
import { priorities, type Conversation, type Priority } from "./types";

type Outcome = { data?: unknown; error?: unknown; response: Response };

/**
 * What an agent does with the conversation: assign it to themselves, transfer it with a note, close, reopen, set it
 * pending, snooze it until a time, tag it, set its priority, merge it into another conversation of the customer.
 * Each action answers with the conversation read again (the live push would bring it too, a moment later).
 */
export function ActionsBar({ conversation, onChanged, onMerged }: {
  conversation: Conversation;
  onChanged: () => Promise<void>;
  onMerged: (into: string) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const account = useAccount();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"transfer" | "snooze" | "merge" | null>(null);
  const id = conversation.id;
  const closed = conversation.status === "closed";
  const mine = conversation.assignee?.id === account.id;
  const member = useIsMember(account.id);

  /** Runs one action; says what went wrong in the agent's language plus the host's own words. */
  async function run(action: string, label: string, call: () => Promise<Outcome>, done?: string): Promise<boolean> {
    setBusy(action);
    try {
      const { error, response } = await call();
      if (!response.ok) {
        void message.error(t("thread.actionFailed", { action: label, reason: problemMessage(error, response) }));
        return false;
      }
      if (done)
        void message.success(done);
      await onChanged();
      return true;
    } catch (e) {
      void message.error(t("thread.actionFailed", { action: label, reason: e instanceof Error ? e.message : String(e) }));
      return false;
    } finally {
      setBusy(null);
    }
  }

  const path = { params: { path: { id } } };
  const transfer = async (target: TransferTarget) => {
    const ok = await run("transfer", t("thread.transfer"), () => api.POST("/api/conversations/{id}/transfer", {
      ...path, body: { agentId: target.agentId ?? null, teamId: target.teamId ?? null, note: target.note ?? null },
    }), t("thread.transfer.done", { name: target.name }));
    if (ok)
      setDialog(null);
  };
  const snooze = async (until: Date) => {
    const ok = await run("snooze", t("thread.snooze"), () => api.POST("/api/conversations/{id}/snooze", { ...path, body: { until: until.toISOString() } }),
      t("thread.snooze.done", { time: formatDateTime(until, locale) }));
    if (ok)
      setDialog(null);
  };
  const merge = async (into: string) => {
    const ok = await run("merge", t("thread.merge"), () => api.POST("/api/conversations/{id}/merge", { ...path, body: { into } }), t("thread.merge.done"));
    if (ok) {
      setDialog(null);
      onMerged(into);
    }
  };

  return (
    <div className="thread-actions" role="toolbar" aria-label={t("thread.actions")}>
      <Space wrap size={8}>
        {member && !mine && !closed && (
          <Button icon={<UserAddOutlined />} loading={busy === "assign"} aria-label={t("thread.assignToMe")}
                  onClick={() => void run("assign", t("thread.assignToMe"), () => api.POST("/api/conversations/{id}/assign", { ...path, body: { agentId: account.id } }))}>
            {t("thread.assignToMe")}
          </Button>
        )}
        <Button icon={<SwapOutlined />} aria-label={t("thread.transfer")} disabled={closed} onClick={() => setDialog("transfer")}>{t("thread.transfer")}</Button>
        {closed
          ? (
            <Button type="primary" icon={<RedoOutlined />} loading={busy === "reopen"} aria-label={t("thread.reopen")}
                    onClick={() => void run("reopen", t("thread.reopen"), () => api.POST("/api/conversations/{id}/reopen", path))}>
              {t("thread.reopen")}
            </Button>
          )
          : (
            <Button type="primary" icon={<CheckOutlined />} loading={busy === "close"} aria-label={t("thread.close")}
                    onClick={() => void run("close", t("thread.close"), () => api.POST("/api/conversations/{id}/close", path))}>
              {t("thread.close")}
            </Button>
          )}
        {!closed && conversation.status !== "pending" && (
          <Button icon={<PauseCircleOutlined />} loading={busy === "pending"} aria-label={t("thread.pending")}
                  onClick={() => void run("pending", t("thread.pending"), () => api.POST("/api/conversations/{id}/pending", path))}>
            {t("thread.pending")}
          </Button>
        )}
        {!closed && (
          <Tooltip title={conversation.snoozedUntil ? t("thread.snoozedUntil", { time: formatDateTime(conversation.snoozedUntil, locale) }) : undefined}>
            <Button icon={<ClockCircleOutlined />} aria-label={t("thread.snooze")} onClick={() => setDialog("snooze")}>{t("thread.snooze")}</Button>
          </Tooltip>
        )}
        <Select<Priority> value={conversation.priority} aria-label={t("thread.priority")} style={{ width: 110 }} loading={busy === "priority"}
                          options={priorities.map(p => ({ value: p, label: t(`thread.priority.${p}`) }))}
                          onChange={priority => void run("priority", t("thread.priority"),
                            () => api.PUT("/api/conversations/{id}/priority", { ...path, body: { priority } }))} />
        <Select mode="tags" value={conversation.tags} aria-label={t("thread.tags")} placeholder={t("thread.tagsPlaceholder")}
                style={{ minWidth: 160 }} loading={busy === "tags"} tokenSeparators={[",", "，"]} suffixIcon={null}
                onChange={(tags: string[]) => void run("tags", t("thread.tags"),
                  () => api.PUT("/api/conversations/{id}/tags", { ...path, body: { tags: tags.map(s => s.trim()).filter(Boolean) } }))} />
        {!closed && (
          <Button icon={<MergeCellsOutlined />} aria-label={t("thread.merge")} onClick={() => setDialog("merge")}>{t("thread.merge")}</Button>
        )}
      </Space>
      <TransferDialog open={dialog === "transfer"} busy={busy === "transfer"} currentAgentId={conversation.assignee?.id ?? null}
                      onTransfer={target => void transfer(target)} onCancel={() => setDialog(null)} />
      <SnoozeDialog open={dialog === "snooze"} busy={busy === "snooze"} onSnooze={until => void snooze(until)} onCancel={() => setDialog(null)} />
      <MergeDialog open={dialog === "merge"} busy={busy === "merge"} conversationId={id} customerId={conversation.customer.id}
                   onMerge={into => void merge(into)} onCancel={() => setDialog(null)} />
    </div>
  );
}
