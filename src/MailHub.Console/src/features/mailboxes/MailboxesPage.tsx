import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Badge, Button, Card, Descriptions, Empty, Space, Spin, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { Route, Routes, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api";
import { formatDateTime, formatRelative, useLocale, useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { errorText, isLoginFailure, withEnabled, type Mailbox } from "./form";
import { MailboxWizard } from "./MailboxWizard";
import { useDefaultRelay, useMailboxList } from "./useMailboxes";
import { VerifyDialog } from "./VerifyDialog";
import "./mailboxes.css";

/** /admin/mailboxes: the list; /new and /:id the wizard. */
export function MailboxesPage() {
  return (
    <Routes>
      <Route index element={<MailboxList />} />
      <Route path="new" element={<MailboxWizard />} />
      <Route path=":id" element={<MailboxWizard />} />
    </Routes>
  );
}

const statusColors: Record<string, string> = {
  connecting: "processing", syncing: "processing", idle: "success", error: "error", disabled: "default",
};

function MailboxList() {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { mailboxes, error, reload } = useMailboxList();
  const [search, setSearch] = useSearchParams();
  const verifyId = search.get("verify");
  const verifying = mailboxes?.find(m => m.id === verifyId);
  const [busy, setBusy] = useState<string | null>(null);

  function openVerify(id: string | null) {
    setSearch(id ? { verify: id } : {}, { replace: true });
  }

  async function act(m: Mailbox, call: () => Promise<{ error?: unknown; response: Response }>, done?: string) {
    setBusy(m.id);
    try {
      const { error: refused, response } = await call();
      if (!response.ok)
        void message.error(t("mailboxes.actionFailed", { error: errorText(t, refused, response) }));
      else if (done)
        void message.success(done);
    } catch {
      void message.error(t("mailboxes.unreachable"));
    } finally {
      setBusy(null);
      await reload();
    }
  }

  function reconnect(m: Mailbox) {
    void message.info(t("mailboxes.reconnecting", { name: m.name }));
    void act(m, () => api.POST("/api/channels/mailboxes/{id}/reconnect", { params: { path: { id: m.id } } }));
  }

  function toggle(m: Mailbox) {
    const save = () => act(m, () => api.PUT("/api/channels/mailboxes/{id}", { params: { path: { id: m.id } }, body: withEnabled(m, !m.enabled) }));
    if (!m.enabled) {
      void save();
      return;
    }
    modal.confirm({
      title: t("mailboxes.disableConfirm", { name: m.name }), content: t("mailboxes.disableExplain"),
      okText: t("mailboxes.disable"), cancelText: t("mailboxes.wizard.cancel"), onOk: save,
    });
  }

  function remove(m: Mailbox) {
    modal.confirm({
      title: t("mailboxes.deleteConfirm", { name: m.name }), content: t("mailboxes.deleteExplain"),
      okText: t("mailboxes.delete"), okButtonProps: { danger: true }, cancelText: t("mailboxes.wizard.cancel"),
      onOk: () => act(m, () => api.DELETE("/api/channels/mailboxes/{id}", { params: { path: { id: m.id } } }),
        t("mailboxes.deleted", { name: m.name })),
    });
  }

  if (error && !mailboxes)
    return <Alert type="error" role="alert" title={t("mailboxes.loadFailed", { error })} />;
  if (!mailboxes)
    return <Spin />;

  const failing = mailboxes.filter(m => m.enabled && m.status === "error");
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <div className="mailboxes-header">
        <Typography.Title level={3} style={{ margin: 0 }}>{t("mailboxes.title")}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("new")}>{t("mailboxes.add")}</Button>
      </div>

      {failing.map(m => (
        <Alert key={m.id} type="error" showIcon role="alert" title={t("mailboxes.banner.title", { name: m.name })}
               description={<>
                 <div>{isLoginFailure(m.statusMessage) ? t("mailboxes.banner.login") : t("mailboxes.banner.other")}</div>
                 {m.statusMessage && <Typography.Text type="secondary">{t("mailboxes.serverSaid", { message: m.statusMessage })}</Typography.Text>}
               </>}
               action={<Space orientation="vertical">
                 <Button size="small" type="primary" loading={busy === m.id} onClick={() => reconnect(m)}
                         aria-label={t("mailboxes.reconnectNamed", { name: m.name })}>{t("mailboxes.reconnect")}</Button>
                 <Button size="small" onClick={() => navigate(`${m.id}?step=1`)}>{t("mailboxes.fixCredentials")}</Button>
               </Space>} />
      ))}

      <Table<Mailbox> rowKey="id" dataSource={mailboxes} pagination={false} scroll={{ x: 1100 }}
                      locale={{ emptyText: <Empty description={t("mailboxes.empty")} /> }}
                      columns={[
        {
          title: t("mailboxes.col.mailbox"), key: "mailbox", render: (_, m) => (
            <div>
              <Typography.Text strong>{m.name}</Typography.Text>
              <div><Typography.Text type="secondary">{m.displayName ? `${m.displayName} <${m.address}>` : m.address}</Typography.Text></div>
            </div>),
        },
        {
          title: t("mailboxes.col.status"), key: "status", render: (_, m) => (
            <Tooltip title={m.statusMessage}>
              <Badge status={(statusColors[m.status] ?? "default") as "success"} text={statusLabel(t, m.status)} />
            </Tooltip>),
        },
        {
          title: t("mailboxes.col.lastSync"), key: "lastSync", render: (_, m) => m.lastSuccessAt
            ? <time dateTime={m.lastSuccessAt} title={formatDateTime(m.lastSuccessAt, locale)}>{formatRelative(m.lastSuccessAt, locale)}</time>
            : <Typography.Text type="secondary">{t("mailboxes.never")}</Typography.Text>,
        },
        { title: t("mailboxes.col.today"), key: "today", align: "right", render: (_, m) => m.health.messagesLast24Hours },
        {
          title: t("mailboxes.col.backlog"), key: "backlog", render: (_, m) => m.health.backlog > 0
            ? <Tag color="orange">{t("mailboxes.backlog.count", { count: m.health.backlog })}</Tag>
            : <Typography.Text type="secondary">{t("mailboxes.backlog.none")}</Typography.Text>,
        },
        { title: t("mailboxes.col.mode"), key: "mode", render: (_, m) => modeLabel(t, m) },
        {
          title: t("mailboxes.col.verified"), key: "verified", render: (_, m) => (
            <Tag color={m.health.verification === "verified" ? "green" : m.health.verification === "waitingForReply" ? "blue" : undefined}
                 data-verification={m.health.verification}>
              {t(`mailboxes.verification.${m.health.verification}` as MessageKey)}
            </Tag>),
        },
        {
          title: t("mailboxes.col.actions"), key: "actions", render: (_, m) => (
            <Space wrap size={4}>
              <Button size="small" onClick={() => navigate(m.id)} aria-label={t("mailboxes.editNamed", { name: m.name })}>{t("mailboxes.edit")}</Button>
              <Button size="small" onClick={() => openVerify(m.id)} aria-label={t("mailboxes.sendTestNamed", { name: m.name })}>
                {t("mailboxes.sendTest")}</Button>
              <Button size="small" loading={busy === m.id} onClick={() => toggle(m)}>{m.enabled ? t("mailboxes.disable") : t("mailboxes.enable")}</Button>
              <Button size="small" danger onClick={() => remove(m)} aria-label={t("mailboxes.deleteNamed", { name: m.name })}>{t("mailboxes.delete")}</Button>
            </Space>),
        },
      ]} />

      <DefaultSender />
      {verifying && <VerifyDialog mailbox={verifying} onClose={() => openVerify(null)} />}
    </Space>
  );
}

function statusLabel(t: ReturnType<typeof useT>, status: string): string {
  return ["connecting", "syncing", "idle", "error", "disabled"].includes(status) ? t(`mailboxes.status.${status}` as MessageKey) : status;
}

function modeLabel(t: ReturnType<typeof useT>, m: Mailbox): string {
  if (m.inbound.protocol === "relay" || m.inbound.protocol === "sandbox")
    return t("mailboxes.mode.listener");
  if (m.health.waitMode === "idle")
    return t("mailboxes.mode.idle");
  if (m.health.waitMode === "polling")
    return t("mailboxes.mode.polling");
  return t("mailboxes.mode.unknown");
}

function DefaultSender() {
  const t = useT();
  const relay = useDefaultRelay();
  if (!relay)
    return null;
  return (
    <Card size="small" title={t("mailboxes.defaultSender")}>
      <Typography.Paragraph type="secondary">{t("mailboxes.defaultSender.explain")}</Typography.Paragraph>
      {relay.configured
        ? <Descriptions size="small" column={1} items={[
            { key: "name", label: t("mailboxes.defaultSender.name"), children: relay.displayName },
            { key: "server", label: t("mailboxes.wizard.smtpHost"),
              children: `${relay.host}:${relay.port} · ${t(`mailboxes.security.${relay.security ?? "none"}` as MessageKey)}`
                + (relay.username ? ` · ${t("mailboxes.defaultSender.user", { username: relay.username })}` : "") },
          ]} />
        : <Typography.Paragraph>{t("mailboxes.defaultSender.none")}</Typography.Paragraph>}
      {relay.capture && <Alert type="info" title={t("mailboxes.defaultSender.capture")} />}
    </Card>
  );
}
