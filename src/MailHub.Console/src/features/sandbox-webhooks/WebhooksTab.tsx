import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { DeleteOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, fieldErrors, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT, type Translate } from "../../i18n/I18n";
import { useAccount } from "../session/Session";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Webhook = Json<paths["/api/sandbox/webhooks"]["get"]>[number];
type Delivery = Webhook["deliveries"][number];

interface Fields {
  url: string;
  secret: string;
  events: string[];
}

function problem(t: Translate, error: unknown, response: Response | undefined): string {
  return response ? problemMessage(error, response) : t("hooks.unreachable");
}

/** /admin/sandbox/webhooks: the sandbox's webhooks (POST/GET/DELETE /api/sandbox/webhooks), each with its delivery log. */
export function WebhooksTab() {
  const t = useT();
  const [locale] = useLocale();
  const { message } = App.useApp();
  const account = useAccount();
  const [hooks, setHooks] = useState<Webhook[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Fields>();
  const isAdmin = account.role === "admin";

  const load = useCallback(async () => {
    try {
      const { data, error, response } = await api.GET("/api/sandbox/webhooks");
      if (data) {
        setHooks(data);
        setLoadError(null);
      } else {
        setLoadError(t("hooks.loadFailed", { reason: problem(t, error, response) }));
      }
    } catch {
      setLoadError(t("hooks.unreachable"));
    }
  }, [t]);

  useEffect(() => {
    if (isAdmin)
      void load();
  }, [isAdmin, load]);

  if (!isAdmin)
    return <Alert type="info" showIcon title={t("hooks.adminOnly")} />;

  async function add(fields: Fields) {
    setBusy(true);
    try {
      const { data, error, response } = await api.POST("/api/sandbox/webhooks", { body: { url: fields.url.trim(), secret: fields.secret, events: fields.events } });
      if (data) {
        void message.success(t("hooks.added"));
        setAdding(false); // reset once closed (afterClose), then unmounted: the next dialog has a fresh Add button
        await load();
        return;
      }
      const refused = fieldErrors(error);
      if (Object.keys(refused).length > 0)
        form.setFields(Object.entries(refused).map(([key, errors]) => ({ name: key.split("[")[0] as keyof Fields, errors })));
      else
        void message.error(t("hooks.failed", { reason: problem(t, error, response) }));
    } catch {
      void message.error(t("hooks.unreachable"));
    } finally {
      setBusy(false);
    }
  }

  async function act(call: () => Promise<{ response: Response; error?: unknown }>, done: string) {
    try {
      const { response, error } = await call();
      if (response.ok) {
        void message.success(done);
        await load();
      } else {
        void message.error(t("hooks.failed", { reason: problem(t, error, response) }));
      }
    } catch {
      void message.error(t("hooks.unreachable"));
    }
  }

  const deliveryColumns = [
    { title: t("hooks.event"), dataIndex: "event" },
    {
      title: t("hooks.status"),
      render: (_: unknown, d: Delivery) => (
        <Tag color={d.state === "delivered" ? "green" : d.state === "failed" ? "red" : "gold"}>{t(`hooks.delivery.${d.state}` as MessageKey)}</Tag>
      ),
    },
    { title: t("hooks.attempts"), dataIndex: "attempts" },
    { title: t("hooks.last"), render: (_: unknown, d: Delivery) => d.lastError ?? (d.lastStatus ? String(d.lastStatus) : "—") },
    { title: t("hooks.when"), render: (_: unknown, d: Delivery) => formatDateTime(d.createdAt, locale) },
  ];

  return (
    <div className="sandbox-webhooks">
      <Typography.Paragraph type="secondary">{t("hooks.help")}</Typography.Paragraph>
      {loadError && <Alert type="error" showIcon role="alert" title={loadError} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>{t("hooks.add")}</Button>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void load()}>{t("hooks.refresh")}</Button>
      </Space>
      {hooks.length === 0 && !loadError && <Empty description={t("hooks.none")} />}
      <Space direction="vertical" style={{ width: "100%" }} aria-label={t("hooks.list")}>
        {hooks.map(hook => (
          <Card key={hook.id} size="small"
                title={<Space wrap><Typography.Text code>{hook.url}</Typography.Text>
                  <Tag color={hook.enabled ? "green" : "red"}>{t(hook.enabled ? "hooks.state.on" : "hooks.state.off")}</Tag>
                  {hook.events.map(e => <Tag key={e}>{e}</Tag>)}</Space>}
                extra={<Space>
                  {!hook.enabled && (
                    <Button size="small" onClick={() => void act(() => api.POST("/api/sandbox/webhooks/{id}/enable", { params: { path: { id: hook.id } } }), t("hooks.enabled"))}>
                      {t("hooks.enable")}
                    </Button>
                  )}
                  <Popconfirm title={t("hooks.removeConfirm")} okText={t("hooks.remove")} cancelText={t("hooks.cancel")} okButtonProps={{ danger: true }}
                              placement="topRight"
                              onConfirm={() => void act(() => api.DELETE("/api/sandbox/webhooks/{id}", { params: { path: { id: hook.id } } }), t("hooks.removed"))}>
                    <Button danger size="small" icon={<DeleteOutlined aria-hidden />} aria-label={t("hooks.removeNamed", { url: hook.url })}>{t("hooks.remove")}</Button>
                  </Popconfirm>
                </Space>}>
            {hook.disabledReason && <Alert type="warning" showIcon title={hook.disabledReason} style={{ marginBottom: 8 }} />}
            <Table<Delivery> rowKey="id" size="small" pagination={false} dataSource={hook.deliveries} columns={deliveryColumns}
                             aria-label={t("hooks.log", { url: hook.url })} locale={{ emptyText: t("hooks.noDeliveries") }} />
          </Card>
        ))}
      </Space>

      <Modal open={adding} title={t("hooks.add")} okText={t("hooks.save")} cancelText={t("hooks.cancel")} confirmLoading={busy}
             onOk={() => form.submit()} onCancel={() => setAdding(false)} afterClose={() => form.resetFields()} destroyOnHidden>
        <Form<Fields> form={form} layout="vertical" onFinish={add} requiredMark={false} initialValues={{ events: ["captured", "received"] }}>
          <Form.Item label={t("hooks.url")} name="url" rules={[{ required: true, type: "url", message: t("hooks.urlInvalid") }]}>
            <Input autoComplete="off" placeholder="https://ci.example.com/mailhub" />
          </Form.Item>
          <Form.Item label={t("hooks.secret")} name="secret" extra={t("hooks.secretHelp")} rules={[{ required: true, min: 16, message: t("hooks.secretShort") }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label={t("hooks.events")} name="events" rules={[{ required: true, type: "array", min: 1, message: t("hooks.eventsRequired") }]}>
            <Checkbox.Group options={(["captured", "received"] as const).map(e => ({ value: e, label: t(`hooks.event.${e}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
