import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Space, Table, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import { formatDateTime, formatRelative, useLocale, useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Item = Json<paths["/api/sandbox/mailboxes"]["get"]>[number];

interface Fields {
  ttlMinutes?: number | null;
  name?: string;
}

/**
 * /admin/sandbox/mailboxes: ephemeral sandbox mailboxes for a test run (POST/GET/DELETE /api/sandbox/mailboxes): made with a
 * random address and a time to live, listed with their expiry, the address copied, deleted by hand before they expire.
 */
export function EphemeralTab() {
  const t = useT();
  const [locale] = useLocale();
  const { message } = App.useApp();
  const isAdmin = useAccount().role === "admin";
  const [items, setItems] = useState<Item[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ address: string; expiresAt: string } | null>(null);
  const [form] = Form.useForm<Fields>();

  const load = useCallback(async () => {
    try {
      const { data, error, response } = await api.GET("/api/sandbox/mailboxes");
      if (data) {
        setItems(data);
        setLoadError(null);
        setLoaded(true);
      } else {
        setLoadError(t("eph.loadFailed", { reason: problemMessage(error, response) }));
      }
    } catch {
      setLoadError(t("sandbox.unreachable"));
    }
  }, [t]);

  useEffect(() => { void load(); }, [load]);

  async function create(fields: Fields) {
    setBusy(true);
    try {
      const { data, error, response } = await api.POST("/api/sandbox/mailboxes", {
        body: { ttlMinutes: fields.ttlMinutes ?? 60, name: fields.name?.trim() || null },
      });
      if (data) {
        setMade({ address: data.address, expiresAt: data.expiresAt });
        form.resetFields();
        await load();
      } else {
        void message.error(t("eph.failed", { reason: problemMessage(error, response) }));
      }
    } catch {
      void message.error(t("sandbox.unreachable"));
    } finally {
      setBusy(false);
    }
  }

  async function remove(item: Item) {
    try {
      const { error, response } = await api.DELETE("/api/sandbox/mailboxes/{id}", { params: { path: { id: item.id } } });
      if (response.ok || response.status === 404) {
        void message.success(t("eph.deleted", { address: item.address }));
        if (made?.address === item.address)
          setMade(null);
        await load();
      } else {
        void message.error(t("eph.failed", { reason: problemMessage(error, response) }));
      }
    } catch {
      void message.error(t("sandbox.unreachable"));
    }
  }

  const copyable = (address: string) => ({ text: address, tooltips: [t("eph.copy", { address }), t("eph.copied")] });

  return (
    <div className="sandbox-ephemeral">
      <Typography.Paragraph type="secondary">{t("eph.help")}</Typography.Paragraph>
      {isAdmin && (
        <Form<Fields> form={form} layout="inline" onFinish={create} initialValues={{ ttlMinutes: 60 }} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item label={t("eph.ttl")} name="ttlMinutes" rules={[{ type: "number", min: 1, max: 10080, message: t("eph.ttlRange") }]}>
            <InputNumber min={1} max={10080} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label={t("eph.name")} name="name">
            <Input autoComplete="off" maxLength={100} placeholder={t("eph.namePlaceholder")} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={busy}>{t("eph.create")}</Button>
          </Form.Item>
        </Form>
      )}
      {made && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} closable={{ "aria-label": t("eph.dismiss") }} onClose={() => setMade(null)}
               title={<span>{t("eph.made")} <Typography.Text code copyable={copyable(made.address)}>{made.address}</Typography.Text></span>}
               description={t("eph.madeExpires", { at: formatDateTime(made.expiresAt, locale) })} />
      )}
      {loadError && (
        <Alert type="error" showIcon role="alert" title={loadError} style={{ marginBottom: 12 }}
               action={<Button size="small" onClick={() => void load()}>{t("sandbox.retry")}</Button>} />
      )}
      <Table<Item> size="small" rowKey="id" pagination={false} aria-label={t("eph.list")} loading={!loaded && !loadError}
        dataSource={items} locale={{ emptyText: t("eph.none") }}
        columns={[
          { title: t("eph.address"), render: (_, m) => <Typography.Text copyable={copyable(m.address)}>{m.address}</Typography.Text> },
          { title: t("eph.name"), dataIndex: "name" },
          {
            title: t("eph.expires"),
            render: (_, m) => <time dateTime={m.expiresAt} title={formatDateTime(m.expiresAt, locale)}>{formatDateTime(m.expiresAt, locale)} ({formatRelative(m.expiresAt, locale)})</time>,
          },
          { title: t("eph.captured"), dataIndex: "captured" },
          ...(isAdmin ? [{
            title: t("eph.actions"),
            width: 120,
            render: (_: unknown, m: Item) => (
              <Popconfirm title={t("eph.deleteConfirm", { address: m.address })} okText={t("eph.delete")} cancelText={t("sandbox.cancel")}
                          okButtonProps={{ danger: true }} placement="topRight" onConfirm={() => remove(m)}>
                <Button danger size="small" icon={<DeleteOutlined aria-hidden />} aria-label={t("eph.deleteNamed", { address: m.address })}>
                  {t("eph.delete")}
                </Button>
              </Popconfirm>
            ),
          }] : []),
        ]} />
      <Space style={{ marginTop: 8 }}>
        {!isAdmin && <Typography.Text type="secondary">{t("eph.readOnly")}</Typography.Text>}
      </Space>
    </div>
  );
}
