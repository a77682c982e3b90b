import { useState } from "react";
import { Badge, Form, Input, Modal, Radio, Select } from "antd";
import { useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { useAgents } from "./useAgents";

export interface TransferTarget {
  agentId?: string;
  teamId?: string;
  note?: string;
  name: string;
}

const presenceColor: Record<string, "success" | "warning" | "default"> = { online: "success", away: "warning", offline: "default" };

/** Transfer to an agent (with their presence) or a team, with a note the receiver sees. */
export function TransferDialog({ open, busy, currentAgentId, onTransfer, onCancel }: {
  open: boolean;
  busy: boolean;
  currentAgentId: string | null;
  onTransfer: (target: TransferTarget) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { members, teams, presence } = useAgents(open);
  const [to, setTo] = useState<"agent" | "team">("agent");
  const [form] = Form.useForm<{ agentId?: string; teamId?: string; note?: string }>();

  const submit = (values: { agentId?: string; teamId?: string; note?: string }) => {
    const note = values.note?.trim() || undefined;
    if (to === "agent" && values.agentId)
      onTransfer({ agentId: values.agentId, note, name: members.find(m => m.id === values.agentId)?.name ?? "" });
    else if (to === "team" && values.teamId)
      onTransfer({ teamId: values.teamId, note, name: teams.find(d => d.id === values.teamId)?.name ?? "" });
  };

  return (
    <Modal open={open} title={t("thread.transfer.title")} okText={t("thread.transfer.submit")} cancelText={t("thread.cancel")}
           confirmLoading={busy} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden okButtonProps={{ "aria-label": t("thread.transfer.submit") }}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item label={t("thread.transfer.to")}>
          <Radio.Group value={to} onChange={e => setTo(e.target.value as "agent" | "team")} optionType="button"
                       options={[{ value: "agent", label: t("thread.transfer.toAgent") }, { value: "team", label: t("thread.transfer.toTeam") }]} />
        </Form.Item>
        {to === "agent"
          ? (
            <Form.Item name="agentId" label={t("thread.transfer.agent")} rules={[{ required: true, message: t("thread.transfer.pickAgent") }]}>
              <Select showSearch={{ optionFilterProp: "label" }} aria-label={t("thread.transfer.agent")}
                      options={members.filter(m => m.id !== currentAgentId).map(m => {
                        const status = presence.get(m.id) ?? "offline";
                        const known = status in presenceColor;
                        return {
                          value: m.id,
                          label: `${m.name} <${m.email}>`,
                          title: m.name,
                          status,
                          known,
                        };
                      })}
                      optionRender={option => (
                        <span>
                          <Badge status={presenceColor[String(option.data.status)] ?? "default"} />
                          {option.data.label}
                          {option.data.known && <span className="thread-presence"> · {t(`thread.presence.${String(option.data.status)}` as MessageKey)}</span>}
                        </span>
                      )} />
            </Form.Item>
          )
          : (
            <Form.Item name="teamId" label={t("thread.transfer.team")} rules={[{ required: true, message: t("thread.transfer.pickTeam") }]}>
              <Select showSearch={{ optionFilterProp: "label" }} aria-label={t("thread.transfer.team")}
                      options={teams.map(d => ({ value: d.id, label: d.name }))} />
            </Form.Item>
          )}
        <Form.Item name="note" label={t("thread.transfer.note")} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t("thread.transfer.notePlaceholder")} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
