import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Form, Input, Space, Table, Tag, Typography } from "antd";
import { ArrowLeftOutlined, PlusOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import type { paths } from "@mailhub/client";
import { api, fieldErrors, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import type { Json } from "./shared";

type Suppression = Json<paths["/api/campaigns/suppressions"]["get"]>["items"][number];
const pageSize = 50;

/** /admin/campaigns/suppressions: the addresses no campaign sends to (unsubscribed, bounced, complained, added by hand); add one. */
export function SuppressionsPage() {
  const t = useT();
  const [locale] = useLocale();
  const [form] = Form.useForm<{ email: string; note?: string }>();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<Suppression[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const read = useCallback(async () => {
    setLoading(true);
    try {
      const { data, error: problem, response } = await api.GET("/api/campaigns/suppressions", {
        params: { query: { q: q || null, limit: pageSize, offset: (page - 1) * pageSize } as never },
      });
      if (!data) {
        setError(problemMessage(problem, response));
        return;
      }
      setError(null);
      setItems(data.items);
      setTotal(data.total);
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setLoading(false);
    }
  }, [q, page, t]);
  useEffect(() => { void read(); }, [read]);

  const add = async (values: { email: string; note?: string }) => {
    setBusy(true);
    try {
      const { data, error: problem, response } = await api.POST("/api/campaigns/suppressions", { body: { email: values.email, reason: null, note: values.note || null } });
      if (!data) {
        form.setFields(Object.entries(fieldErrors(problem)).map(([name, errors]) => ({ name: name as "email", errors })));
        setError(problemMessage(problem, response));
        return;
      }
      setError(null);
      setAdded(t(data.added ? "campaigns.suppressionAdded" : "campaigns.suppressionKnown", { email: data.email }));
      form.resetFields();
      await read();
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="campaigns-page" aria-labelledby="suppressions-title">
      <Link to=".." relative="path"><ArrowLeftOutlined aria-hidden /> {t("campaigns.back")}</Link>
      <header>
        <Typography.Title level={3} id="suppressions-title" style={{ margin: 0 }}>{t("campaigns.suppressions")}</Typography.Title>
        <Typography.Text type="secondary">{t("campaigns.suppressionsHelp")}</Typography.Text>
      </header>
      <Form form={form} name="suppression" layout="inline" onFinish={v => void add(v)} aria-label={t("campaigns.suppressionAdd")} className="campaigns-upload">
        <Form.Item name="email" label={t("campaigns.recipientEmail")} rules={[{ required: true, message: t("campaigns.required") }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="note" label={t("campaigns.suppressionNote")}><Input style={{ width: 260 }} /></Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={busy}>{t("campaigns.suppressionAdd")}</Button>
      </Form>
      {added && <Alert type="success" showIcon role="status" title={added} closable onClose={() => setAdded(null)} />}
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <Input.Search aria-label={t("campaigns.suppressionSearch")} placeholder={t("campaigns.suppressionSearch")} allowClear style={{ width: 320 }}
                    onSearch={v => { setQ(v.trim()); setPage(1); }} />
      <Table<Suppression> rowKey="email" size="small" dataSource={items} loading={loading} aria-label={t("campaigns.suppressions")}
        locale={{ emptyText: t("campaigns.noSuppressions") }}
        pagination={{ current: page, pageSize, total, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t("campaigns.recipientEmail"), dataIndex: "email" },
          { title: t("campaigns.reason"), render: (_, s) => <Tag>{t(`campaigns.suppression.${s.reason}` as MessageKey)}</Tag> },
          { title: t("campaigns.suppressionNote"), render: (_, s) => s.note ?? "" },
          { title: t("campaigns.created"), render: (_, s) => formatDateTime(s.createdAt, locale), width: 170 },
        ]} />
      <Space />
    </section>
  );
}
