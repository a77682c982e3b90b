// The bar over a multi-selection: assign (to me or an agent), transfer (to an agent or a team), close and tag, all
// through POST /api/conversations/bulk, which answers per conversation; what was refused stays selected. Buttons keep
// their Chinese names as written ("关闭", not Ant Design's spaced "关 闭"), so they read and are named as in the messages.
import { useState } from "react";
import { Button, Form, Input, Modal, Radio, Select, Space } from "antd";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import type { Directory } from "./useDirectory";

type BulkRequest = paths["/api/conversations/bulk"]["post"]["requestBody"]["content"]["application/json"];
type Result = paths["/api/conversations/bulk"]["post"]["responses"][200]["content"]["application/json"]["results"][number];

// POST /api/conversations/bulk's most ids at once.
const batchSize = 100;
type BulkAction = "assign" | "transfer" | "close" | "tag";
type Dialog = "assign" | "transfer" | "tag" | null;

interface Props {
  selected: readonly string[];
  me: string;
  directory: Directory;
  onDone(succeeded: readonly string[]): void;
  onClear(): void;
}

export function BulkActions({ selected, me, directory, onDone, onClear }: Props) {
  const t = useT();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean } | null>(null);
  const [agentId, setAgentId] = useState<string | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [target, setTarget] = useState<"agent" | "team">("agent");
  const [tags, setTags] = useState<string[]>([]);
  const [note, setNote] = useState("");

  const actionName = (action: BulkAction) => t(`list.bulk.${action}`);

  const run = async (request: Omit<BulkRequest, "ids">) => {
    const action = request.action as BulkAction;
    setBusy(true);
    setOutcome(null);
    try {
      const results: Result[] = [];
      // The endpoint takes so many ids at once: a bigger selection goes in batches.
      for (let start = 0; start < selected.length; start += batchSize) {
        const ids = selected.slice(start, start + batchSize);
        const { data, error, response } = await api.POST("/api/conversations/bulk", { body: { ...request, ids } });
        if (!data) {
          setOutcome({ text: t("list.bulk.failed", { reason: problemMessage(error, response) }), failed: true });
          onDone(results.filter(r => r.ok).map(r => r.id));
          return;
        }
        results.push(...data.results);
      }
      const ok = results.filter(r => r.ok).map(r => r.id);
      const refused = results.filter(r => !r.ok);
      setOutcome(refused.length === 0
        ? { text: t("list.bulk.done", { action: actionName(action), count: ok.length }), failed: false }
        : {
            text: t("list.bulk.partly", { action: actionName(action), ok: ok.length, failed: refused.length, reason: refused[0]?.error ?? "" }),
            failed: true,
          });
      setDialog(null);
      onDone(ok);
    } catch (e) {
      setOutcome({ text: t("list.bulk.failed", { reason: e instanceof Error ? e.message : String(e) }), failed: true });
    } finally {
      setBusy(false);
    }
  };

  const open = (next: Dialog) => {
    setAgentId(undefined);
    setTeamId(undefined);
    setTarget("agent");
    setTags([]);
    setNote("");
    setDialog(next);
  };

  const agents = directory.members.map(m => ({ value: m.id, label: `${m.name} <${m.email}>` }));
  const teams = directory.teams.map(d => ({ value: d.id, label: d.name }));
  const count = selected.length;
  const canApply = dialog === "tag" ? tags.length > 0 : dialog === "transfer" && target === "team" ? !!teamId : !!agentId;

  const apply = () => {
    if (dialog === "tag")
      void run({ action: "tag", tags });
    else if (dialog === "transfer")
      void run({ action: "transfer", ...(target === "team" ? { teamId: teamId ?? null } : { agentId: agentId ?? null }), note: note.trim() || null });
    else if (dialog === "assign")
      void run({ action: "assign", agentId: agentId ?? null });
  };

  return (
    <>
      {count > 0 && (
        <div className="list-bulk" role="toolbar" aria-label={t("list.bulk")}>
          <span className="list-bulk-count">{t("list.selected", { count })}</span>
          <Space wrap size={4}>
            <Button size="small" loading={busy} onClick={() => void run({ action: "assign", agentId: me })}>{t("list.bulk.assignToMe")}</Button>
            <Button size="small" disabled={busy} onClick={() => open("assign")}>{t("list.bulk.assign")}</Button>
            <Button size="small" disabled={busy} onClick={() => open("transfer")}>{t("list.bulk.transfer")}</Button>
            <Button size="small" disabled={busy} onClick={() => void run({ action: "close" })}>{t("list.bulk.close")}</Button>
            <Button size="small" disabled={busy} onClick={() => open("tag")}>{t("list.bulk.tag")}</Button>
            <Button size="small" type="text" onClick={onClear}>{t("list.clearSelection")}</Button>
          </Space>
        </div>
      )}
      <div className={outcome?.failed ? "list-bulk-outcome list-bulk-failed" : "list-bulk-outcome"} role="status" aria-live="polite">
        {outcome?.text}
      </div>
      <Modal
        open={dialog !== null}
        title={dialog && t(`list.bulk.${dialog}Title`, { count })}
        okText={t("list.bulk.apply")}
        cancelText={t("list.bulk.cancel")}
        okButtonProps={{ disabled: !canApply }}
        confirmLoading={busy}
        onOk={apply}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={apply}>
          {dialog === "transfer" && (
            <Form.Item>
              <Radio.Group value={target} onChange={e => setTarget(e.target.value as "agent" | "team")}>
                <Radio value="agent">{t("list.bulk.agent")}</Radio>
                <Radio value="team">{t("list.bulk.team")}</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          {(dialog === "assign" || (dialog === "transfer" && target === "agent")) && (
            <Form.Item label={t("list.bulk.agent")} htmlFor="list-bulk-agent">
              <Select id="list-bulk-agent" aria-label={t("list.bulk.agent")} showSearch optionFilterProp="label"
                placeholder={t("list.bulk.chooseAgent")} value={agentId} onChange={setAgentId} options={agents} />
            </Form.Item>
          )}
          {dialog === "transfer" && target === "team" && (
            <Form.Item label={t("list.bulk.team")} htmlFor="list-bulk-team">
              <Select id="list-bulk-team" aria-label={t("list.bulk.team")} showSearch optionFilterProp="label"
                placeholder={t("list.bulk.chooseTeam")} value={teamId} onChange={setTeamId} options={teams} />
            </Form.Item>
          )}
          {dialog === "transfer" && (
            <Form.Item label={t("list.bulk.note")} htmlFor="list-bulk-note">
              <Input.TextArea id="list-bulk-note" aria-label={t("list.bulk.note")} rows={3} maxLength={2000} value={note}
                onChange={e => setNote(e.target.value)} />
            </Form.Item>
          )}
          {dialog === "tag" && (
            <Form.Item label={t("list.bulk.tags")} htmlFor="list-bulk-tags">
              <Select id="list-bulk-tags" aria-label={t("list.bulk.tags")} mode="tags" placeholder={t("list.bulk.tagsPlaceholder")}
                value={tags} onChange={setTags} open={false} suffixIcon={null} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
