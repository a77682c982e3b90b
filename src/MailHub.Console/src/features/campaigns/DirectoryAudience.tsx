import { useState } from "react";
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { api, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";

interface Filter {
  name: string; tags?: string[]; company?: string; createdAfter?: Dayjs | null; createdBefore?: Dayjs | null;
  lastConversationAfter?: Dayjs | null; lastConversationBefore?: Dayjs | null;
}
interface Result { id?: string | null; imported: number; skipped: number; errors: { row: number; column: string; message: string }[] }

const dates = ["createdAfter", "createdBefore", "lastConversationAfter", "lastConversationBefore"] as const;

/**
 * An audience from the directory's customers (POST /api/campaigns/audiences/directory): by tags, company, when they
 * were created and when they last wrote; Preview counts them (apply=false), Import makes the list.
 */
export function DirectoryAudience({ onImported }: { onImported: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Filter>();
  const [result, setResult] = useState<(Result & { applied: boolean }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Which button is at work: only that one shows "loading" (antd was seen leaving the other one stuck loading).
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);

  const send = async (apply: boolean) => {
    const values = form.getFieldsValue();
    if (apply && !values.name?.trim()) {
      form.setFields([{ name: "name", errors: [t("campaigns.required")] }]);
      return;
    }
    setBusy(apply ? "import" : "preview");
    try {
      const body: Record<string, unknown> = { name: values.name?.trim() || "preview", apply };
      if (values.tags?.length)
        body.tags = values.tags;
      if (values.company?.trim())
        body.company = values.company.trim();
      for (const key of dates) {
        const at = values[key];
        // "after" from the day's start, "before" up to its end (the next day's start), in the browser's time zone.
        if (at)
          body[key] = (key.endsWith("After") ? at.startOf("day") : at.add(1, "day").startOf("day")).toISOString();
      }
      const { data, error: problem, response } = await api.POST("/api/campaigns/audiences/directory", { body: body as never });
      if (!response.ok) {
        setResult(null);
        setError(response.status === 404 ? t("campaigns.directoryMissing") : problemMessage(problem, response));
        return;
      }
      setError(null);
      setResult({ ...(data as Result), applied: apply });
      if (apply)
        onImported();
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="campaigns-audiences" aria-labelledby="campaigns-directory-title">
      <Typography.Title level={4} id="campaigns-directory-title">{t("campaigns.fromDirectory")}</Typography.Title>
      <Typography.Text type="secondary">{t("campaigns.fromDirectoryHelp")}</Typography.Text>
      <Form form={form} name="directoryAudience" layout="inline" className="campaigns-upload" aria-label={t("campaigns.fromDirectory")}>
        <Form.Item name="name" label={t("campaigns.audienceName")}><Input style={{ width: 200 }} /></Form.Item>
        <Form.Item name="tags" label={t("campaigns.tags")}><Select mode="tags" style={{ width: 220 }} tokenSeparators={[",", " ", "，"]} options={[]} /></Form.Item>
        <Form.Item name="company" label={t("campaigns.company")}><Input style={{ width: 180 }} /></Form.Item>
        {dates.map(key => (
          <Form.Item key={key} name={key} label={t(`campaigns.${key}`)}><DatePicker /></Form.Item>
        ))}
        <Space>
          <Button disabled={busy !== null} loading={busy === "preview"} onClick={() => void send(false)}>{t("campaigns.directoryPreview")}</Button>
          <Button type="primary" disabled={busy !== null} loading={busy === "import"} onClick={() => void send(true)}>{t("campaigns.directoryImport")}</Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      {result && (
        <Alert type={result.errors.length ? "warning" : "success"} showIcon role="status"
               title={t(result.applied ? "campaigns.imported" : "campaigns.previewed", { imported: result.imported, skipped: result.skipped })} />
      )}
      {result && result.errors.length > 0 && (
        <Table rowKey={e => `${e.row}:${e.column}:${e.message}`} size="small" dataSource={result.errors} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          aria-label={t("campaigns.directorySkipped")}
          columns={[
            { title: t("campaigns.row"), dataIndex: "row", width: 80 },
            { title: t("campaigns.column"), dataIndex: "column", width: 160 },
            { title: t("campaigns.reason"), dataIndex: "message" },
          ]} />
      )}
    </section>
  );
}
