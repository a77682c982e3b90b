import { useEffect, useState } from "react";
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from "antd";
import type { paths } from "@mailhub/client";
import { api, fieldErrors, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Preview = Json<paths["/api/campaigns/{id}/preview"]["get"]>;
type Check = Json<paths["/api/campaigns/{id}/check"]["get"]>;

interface Draft { name: string; audienceId?: string; mailboxId?: string; subject: string; html: string; text: string; perMinute?: number | null }

/**
 * A new campaign: audience, mailbox, subject, HTML and text with merge fields ({{ name }}, custom fields,
 * {{ name | default: "..." }}), its own pace. Saved as a draft, then previewed as the audience's first member with the
 * fields recipients lack, and tested on typed addresses; it is sent from the list.
 */
export function CampaignEditor({ open, onClose }: { open: boolean; onClose: (saved: boolean) => void }) {
  const t = useT();
  const [form] = Form.useForm<Draft>();
  const [audiences, setAudiences] = useState<{ value: string; label: string }[]>([]);
  const [mailboxes, setMailboxes] = useState<{ value: string; label: string }[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [testTo, setTestTo] = useState("");
  const [tested, setTested] = useState<string | null>(null);

  useEffect(() => {
    if (!open)
      return;
    setSaved(null); setPreview(null); setCheck(null); setError(null); setTested(null);
    form.resetFields();
    void Promise.all([api.GET("/api/campaigns/audiences"), api.GET("/api/channels/mailboxes")]).then(([a, m]) => {
      setAudiences((a.data?.items ?? []).map(x => ({ value: x.id, label: `${x.name} (${x.subscribed})` })));
      setMailboxes((m.data ?? []).map(x => ({ value: x.id, label: `${x.name} <${x.address}>` })));
    }).catch(() => undefined);
  }, [open, form]);

  const save = async (draft: Draft) => {
    setBusy(true);
    try {
      const { data, error: problem, response } = await api.POST("/api/campaigns", {
        body: {
          name: draft.name, audienceId: draft.audienceId!, mailboxIds: [draft.mailboxId!], subject: draft.subject,
          html: draft.html || null, text: draft.text || null, perMinute: draft.perMinute ?? null,
        },
      });
      if (!data) {
        const fields = fieldErrors(problem);
        form.setFields(Object.entries(fields).map(([name, errors]) => ({ name: (name.startsWith("mailboxIds") ? "mailboxId" : name) as keyof Draft, errors })));
        setError(problemMessage(problem, response));
        return;
      }
      setError(null);
      setSaved(data.id);
      const [p, c] = await Promise.all([
        api.GET("/api/campaigns/{id}/preview", { params: { path: { id: data.id }, query: {} } }),
        api.GET("/api/campaigns/{id}/check", { params: { path: { id: data.id } } }),
      ]);
      setPreview(p.data ?? null);
      setCheck(c.data ?? null);
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setBusy(false);
    }
  };

  const sendTest = async () => {
    if (!saved)
      return;
    const to = testTo.split(/[\s,;]+/).filter(Boolean);
    const { data, error: problem, response } = await api.POST("/api/campaigns/{id}/test", { params: { path: { id: saved } }, body: { to } });
    setTested(data ? t("campaigns.testSent", { count: data.messageIds.length }) : problemMessage(problem, response));
  };

  return (
    <Modal open={open} title={t("campaigns.new")} width={760} onCancel={() => onClose(!!saved)} destroyOnHidden
           footer={saved
             ? <Button type="primary" onClick={() => onClose(true)}>{t("campaigns.close")}</Button>
             : <Space><Button onClick={() => onClose(false)}>{t("campaigns.no")}</Button>
                 <Button type="primary" loading={busy} onClick={() => form.submit()}>{t("campaigns.saveDraft")}</Button></Space>}>
      {!saved && (
        <Form form={form} layout="vertical" onFinish={v => void save(v)} aria-label={t("campaigns.new")}>
          <Form.Item name="name" label={t("campaigns.name")} rules={[{ required: true, message: t("campaigns.required") }]}><Input /></Form.Item>
          <Space style={{ display: "flex" }} align="start">
            <Form.Item name="audienceId" label={t("campaigns.audience")} rules={[{ required: true, message: t("campaigns.required") }]}>
              <Select options={audiences} style={{ width: 300 }} />
            </Form.Item>
            <Form.Item name="mailboxId" label={t("campaigns.mailbox")} rules={[{ required: true, message: t("campaigns.required") }]}>
              <Select options={mailboxes} style={{ width: 300 }} />
            </Form.Item>
          </Space>
          <Form.Item name="subject" label={t("campaigns.subject")} rules={[{ required: true, message: t("campaigns.required") }]}
                     extra={t("campaigns.mergeHelp")}><Input /></Form.Item>
          <Form.Item name="html" label={t("campaigns.html")}><Input.TextArea rows={5} /></Form.Item>
          <Form.Item name="text" label={t("campaigns.text")}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="perMinute" label={t("campaigns.perMinute")}><InputNumber min={1} max={100000} /></Form.Item>
        </Form>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      {saved && preview && (
        <section aria-label={t("campaigns.previewTitle")} className="campaigns-preview">
          <Typography.Title level={5}>{t("campaigns.previewAs", { email: preview.email })}</Typography.Title>
          <Typography.Paragraph><Typography.Text strong>{preview.subject}</Typography.Text></Typography.Paragraph>
          <Typography.Paragraph><pre className="campaigns-preview-text">{preview.text}</pre></Typography.Paragraph>
          {check && check.missing.length > 0 && (
            <Alert type="warning" showIcon role="status" title={t("campaigns.missingTitle")}
                   description={check.missing.map(m => t("campaigns.missing", { field: m.field, count: m.recipients })).join(" ")} />
          )}
          <Space style={{ marginTop: 12 }}>
            <Input aria-label={t("campaigns.testTo")} placeholder={t("campaigns.testTo")} value={testTo} onChange={e => setTestTo(e.target.value)} style={{ width: 320 }} />
            <Button onClick={() => void sendTest()} disabled={!testTo.trim()}>{t("campaigns.sendTest")}</Button>
          </Space>
          {tested && <Typography.Paragraph role="status" style={{ marginTop: 8 }}>{tested}</Typography.Paragraph>}
        </section>
      )}
    </Modal>
  );
}
