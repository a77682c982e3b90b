import { useState } from "react";
import { Alert, App, Button, Form, Input, Modal, Select, Space, Spin, Tag, Typography } from "antd";
import { CloseOutlined, PlusOutlined, SendOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { sandboxProblem } from "./problems";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Server = Json<paths["/api/sandbox/release-servers"]["get"]>[number];
type Released = Json<paths["/api/sandbox/messages/{id}/release"]["post"]>;

/** PATCH /api/sandbox/messages/{id}: read or unread, and the whole tag list. */
async function patch(id: string, body: { read?: boolean | null; tags: string[] }) {
  return api.PATCH("/api/sandbox/messages/{id}", { params: { path: { id } }, body });
}

/**
 * A captured message's tags (from plus-addressing and X-Tags at capture, or added here) and its read state: a tag filters the
 * list (tag:name), its × removes it, a new one is added by hand; "Mark unread" puts the message back in bold.
 */
export function TagsAndRead({ id, tags, onChanged, onFilterTag }: {
  id: string;
  tags: string[];
  onChanged: (tags: string[]) => void;
  onFilterTag: (tag: string) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [read, setRead] = useState(true); // opening the message (GET) marked it read
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);

  async function change(body: { read?: boolean | null; tags: string[] }, done: () => void) {
    setBusy(true);
    try {
      const { error, response } = await patch(id, body);
      if (response.ok)
        done();
      else
        void message.error(sandboxProblem(t, error, response));
    } catch {
      void message.error(t("sandbox.unreachable"));
    } finally {
      setBusy(false);
    }
  }

  const add = () => {
    const tag = typed.trim().toLowerCase();
    if (!tag || tags.includes(tag)) {
      setTyped("");
      return;
    }
    void change({ tags: [...tags, tag] }, () => { setTyped(""); onChanged([...tags, tag]); });
  };

  return (
    <div className="sandbox-tags">
      <Space wrap size={[4, 4]} aria-label={t("sandbox.tags")} role="group">
        <Typography.Text type="secondary">{t("sandbox.tags")}:</Typography.Text>
        {tags.length === 0 && <Typography.Text type="secondary">{t("sandbox.noTags")}</Typography.Text>}
        {tags.map(tag => (
          <Tag key={tag} color="geekblue" className="sandbox-tag">
            <button type="button" className="sandbox-tag-filter" aria-label={t("sandbox.filterTag", { tag })} onClick={() => onFilterTag(tag)}>{tag}</button>
            <button type="button" className="sandbox-tag-remove" aria-label={t("sandbox.removeTag", { tag })} disabled={busy}
                    onClick={() => void change({ tags: tags.filter(x => x !== tag) }, () => onChanged(tags.filter(x => x !== tag)))}>
              <CloseOutlined aria-hidden />
            </button>
          </Tag>
        ))}
        <Space.Compact size="small">
          <Input size="small" value={typed} onChange={e => setTyped(e.target.value.replace(/[\s,]/g, ""))} onPressEnter={add}
                 placeholder={t("sandbox.newTag")} aria-label={t("sandbox.newTag")} maxLength={100} style={{ width: 140 }} />
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={add} disabled={busy || !typed.trim()}>{t("sandbox.addTag")}</Button>
        </Space.Compact>
        <Button size="small" disabled={busy}
                onClick={() => void change({ read: !read, tags }, () => { setRead(!read); onChanged(tags); })}>
          {read ? t("sandbox.markUnread") : t("sandbox.markRead")}
        </Button>
      </Space>
    </div>
  );
}

/**
 * Release: the captured bytes sent for real through a server of the allowlist (MailHub:Sandbox:Release:Servers in the host's
 * settings, not changeable here: no API request can name a host), to the captured recipients or others; the server's answer
 * per recipient is shown.
 */
export function ReleaseButton({ id, rcptTo }: { id: string; rcptTo: string[] }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [servers, setServers] = useState<Server[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ released?: Released; error?: string } | null>(null);
  const [form] = Form.useForm<{ server?: string; to?: string }>();

  async function start() {
    setOpen(true);
    setOutcome(null);
    setServers(null);
    try {
      const { data, error, response } = await api.GET("/api/sandbox/release-servers");
      setServers(data ?? []);
      if (!data)
        setOutcome({ error: sandboxProblem(t, error, response) });
    } catch {
      setServers([]);
      setOutcome({ error: t("sandbox.unreachable") });
    }
  }

  async function release(fields: { server?: string; to?: string }) {
    setBusy(true);
    setOutcome(null);
    const to = (fields.to ?? "").split(/[\s,;]+/).map(a => a.trim()).filter(Boolean);
    try {
      const { data, error, response } = await api.POST("/api/sandbox/messages/{id}/release", {
        params: { path: { id } },
        body: { server: fields.server ?? "", to: to.length > 0 ? to : null },
      });
      setOutcome(data ? { released: data } : { error: sandboxProblem(t, error, response) });
    } catch {
      setOutcome({ error: t("sandbox.unreachable") });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button icon={<SendOutlined aria-hidden />} onClick={() => void start()}>{t("sandbox.release")}</Button>
      <Modal open={open} title={t("sandbox.releaseTitle")} okText={t("sandbox.releaseSend")} cancelText={t("sandbox.close")}
             confirmLoading={busy} okButtonProps={{ disabled: !servers || servers.length === 0 }}
             onOk={() => { if (!busy) form.submit(); }} onCancel={() => setOpen(false)}
             afterClose={() => form.resetFields()} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t("sandbox.releaseHelp")}</Typography.Paragraph>
        {servers && servers.length === 0 && !outcome?.error && <Alert type="warning" showIcon title={t("sandbox.releaseNone")} style={{ marginBottom: 12 }} />}
        {servers === null ? <Spin /> : (
        <Form form={form} layout="vertical" onFinish={release} requiredMark={false}
              initialValues={{ server: servers.length === 1 ? servers[0]!.name : undefined }}>
          <Form.Item label={t("sandbox.releaseServer")} name="server" rules={[{ required: true, message: t("sandbox.releaseServerRequired") }]}>
            <Select aria-label={t("sandbox.releaseServer")}
                    options={servers.map(s => ({ value: s.name, label: `${s.name} (${s.host}:${s.port}, ${s.security})` }))} />
          </Form.Item>
          <Form.Item label={t("sandbox.releaseTo")} name="to" extra={t("sandbox.releaseToHelp", { to: rcptTo.join(", ") })}>
            <Input autoComplete="off" placeholder={rcptTo.join(", ")} />
          </Form.Item>
        </Form>
        )}
        {outcome?.error && <Alert type="error" showIcon role="alert" title={t("sandbox.releaseFailed")} description={outcome.error} />}
        {outcome?.released && (
          <Alert type={outcome.released.recipients.every(r => r.accepted) ? "success" : "warning"} showIcon role="status"
                 title={t("sandbox.released", { server: outcome.released.server })}
                 description={
                   <ul className="sandbox-release-outcome" aria-label={t("sandbox.releaseOutcome")}>
                     {outcome.released.recipients.map(r => (
                       <li key={r.address}>
                         <Tag color={r.accepted ? "green" : "red"}>{r.accepted ? t("sandbox.releaseAccepted") : t("sandbox.releaseRefused")}</Tag>
                         {r.address}: {r.code} {r.text}
                       </li>
                     ))}
                   </ul>
                 } />
        )}
      </Modal>
    </>
  );
}
