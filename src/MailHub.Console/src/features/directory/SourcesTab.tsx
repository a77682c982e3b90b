import { useCallback, useEffect, useState } from "react";
import { App, Button, Form, Input, Modal, Space, Table, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, fieldErrors, problemMessage, type Schemas } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";

type Source = Schemas["SyncSourceResponse"];
type Token = Schemas["SyncSourceTokenResponse"];

const namePattern = /^[a-z0-9][a-z0-9._-]{0,31}$/;

/**
 * /admin/directory/sources: the systems that push the directory (GET /api/directory/sync-sources), with their last push and
 * what it changed; a new source or a renewed token shows the token once; revoking deletes the source.
 */
export function SourcesTab() {
  const t = useT();
  const [locale] = useLocale();
  const { message, modal } = App.useApp();
  const [sources, setSources] = useState<Source[]>([]);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [token, setToken] = useState<Token>();

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET("/api/directory/sync-sources");
      setSources(data ?? []);
    } catch {
      void message.error(t("directory.error.unreachable"));
    } finally {
      setLoading(false);
    }
  }, [message, t]);
  useEffect(() => { void load(); }, [load]);

  const revoke = (source: Source) => modal.confirm({
    title: t("directory.sources.confirmRevoke", { name: source.name }), content: t("directory.sources.confirmRevokeBody"),
    okText: t("directory.sources.revoke"), okButtonProps: { danger: true }, cancelText: t("directory.sources.cancel"),
    onOk: async () => {
      const { error, response } = await api.DELETE("/api/directory/sync-sources/{name}", { params: { path: { name: source.name } } });
      if (!response.ok && response.status !== 404) {
        void message.error(problemMessage(error, response));
        return;
      }
      void message.success(t("directory.sources.revoked", { name: source.name }));
      await load();
    },
  });

  const renew = (source: Source) => modal.confirm({
    title: t("directory.sources.confirmRenew", { name: source.name }), content: t("directory.sources.confirmRenewBody"),
    okText: t("directory.sources.renew"), cancelText: t("directory.sources.cancel"),
    onOk: async () => {
      const { data, error, response } = await api.POST("/api/directory/sync-sources/{name}/token", { params: { path: { name: source.name } } });
      if (data)
        setToken(data);
      else
        void message.error(problemMessage(error, response));
    },
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t("directory.sources.help")}</Typography.Paragraph>
      <div><Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t("directory.sources.new")}</Button></div>
      <Table<Source> rowKey="name" size="middle" loading={loading} dataSource={sources} pagination={false}
                     locale={{ emptyText: t("directory.sources.none") }}
                     expandable={{
                       rowExpandable: s => (s.lastRun?.changeCount ?? 0) > 0,
                       expandedRowRender: s => <ChangeList run={s.lastRun!} />,
                     }}
                     columns={[
                       { title: t("directory.sources.col.name"), dataIndex: "name", render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
                       { title: t("directory.sources.col.created"), key: "created", render: (_, s) => formatDateTime(s.createdAt, locale) },
                       { title: t("directory.sources.col.lastRun"), key: "lastRun", render: (_, s) => s.lastRun
                         ? t("directory.sources.run", { mode: t(s.lastRun.mode === "delta" ? "directory.sources.mode.delta" : "directory.sources.mode.full"), at: formatDateTime(s.lastRun.at, locale) })
                         : <Typography.Text type="secondary">{t("directory.sources.never")}</Typography.Text> },
                       { title: t("directory.sources.col.changes"), key: "changes", render: (_, s) => s.lastRun
                         ? t("directory.sources.changes", { created: s.lastRun.created, updated: s.lastRun.updated, deactivated: s.lastRun.deactivated, unchanged: s.lastRun.unchanged })
                         : "—" },
                       { title: t("directory.sources.col.actions"), key: "actions", render: (_, s) => (
                         <Space size={0}>
                           <Button type="link" size="small" onClick={() => renew(s)} aria-label={`${t("directory.sources.renew")} ${s.name}`}>{t("directory.sources.renew")}</Button>
                           <Button type="link" size="small" danger onClick={() => revoke(s)} aria-label={`${t("directory.sources.revoke")} ${s.name}`}>{t("directory.sources.revoke")}</Button>
                         </Space>) },
                     ]} />
      {creating && <NewSourceDialog onClose={() => setCreating(false)} onCreated={created => { setCreating(false); setToken(created); void load(); }} />}
      {token && <TokenDialog token={token} onClose={() => setToken(undefined)} />}
    </Space>
  );
}

/** The last push's changes, as the source named them: "Member 李雷 (u1): created". */
function ChangeList({ run }: { run: NonNullable<Source["lastRun"]> }) {
  const t = useT();
  const more = run.changeCount - run.changes.length;
  return (
    <div aria-label={t("directory.sources.changesTitle")}>
      <Typography.Text strong>{t("directory.sources.changesTitle")}</Typography.Text>
      <ul className="directory-changes">
        {run.changes.map(c => (
          <li key={`${c.kind}:${c.id}`}>{t("directory.sources.change", {
            kind: t(c.kind === "department" ? "directory.sources.kind.department" : "directory.sources.kind.member"),
            name: c.name, id: c.id,
            change: t(c.change === "created" ? "directory.sources.change.created" : c.change === "deactivated"
              ? "directory.sources.change.deactivated" : "directory.sources.change.updated"),
          })}</li>
        ))}
      </ul>
      {more > 0 && <Typography.Text type="secondary">{t("directory.sources.changesMore", { count: more })}</Typography.Text>}
    </div>
  );
}

function NewSourceDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (token: Token) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [saving, setSaving] = useState(false);

  const create = async ({ name }: { name: string }) => {
    setSaving(true);
    try {
      const { data, error, response } = await api.POST("/api/directory/sync-sources", { body: { name: name.trim() } });
      if (data) {
        onCreated(data);
        return;
      }
      if (response.status === 409)
        form.setFields([{ name: "name", errors: [t("directory.sources.nameTaken")] }]);
      else if (fieldErrors(error).name)
        form.setFields([{ name: "name", errors: [t("directory.sources.nameInvalid")] }]);
      else
        void message.error(problemMessage(error, response));
    } catch {
      void message.error(t("directory.error.unreachable"));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t("directory.sources.new")} onCancel={onClose} okText={t("directory.sources.create")} cancelText={t("directory.sources.cancel")}
           confirmLoading={saving} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={v => void create(v)} requiredMark={false}>
        <Form.Item name="name" label={t("directory.sources.name")} extra={t("directory.sources.nameHelp")}
                   rules={[{ required: true, pattern: namePattern, message: t("directory.sources.nameInvalid") }]}>
          <Input maxLength={32} autoComplete="off" placeholder="wecom" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TokenDialog({ token, onClose }: { token: Token; onClose: () => void }) {
  const t = useT();
  return (
    <Modal open title={t("directory.sources.token.title", { name: token.name })} onCancel={onClose} closable={false} maskClosable={false}
           footer={<Button type="primary" onClick={onClose}>{t("directory.sources.token.done")}</Button>}>
      <Typography.Paragraph>{t("directory.sources.token.once", { name: token.name })}</Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: token.token }}>
        <Input readOnly value={token.token} aria-label={t("directory.sources.token.label")} style={{ fontFamily: "monospace" }} />
      </Typography.Paragraph>
    </Modal>
  );
}
