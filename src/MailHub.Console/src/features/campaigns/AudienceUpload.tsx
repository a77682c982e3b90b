import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Form, Input, Space, Table, Typography } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type Audience = Json<paths["/api/campaigns/audiences"]["get"]>["items"][number];
type Upload = Json<paths["/api/campaigns/audiences"]["post"]>;
type RowError = Upload["errors"][number];

/**
 * The audiences: upload a CSV or XLSX, preview its row errors (row, column, reason in the console's language), import the
 * good rows; the lists with their counts by state.
 */
export function AudienceUpload() {
  const t = useT();
  const [locale] = useLocale();
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Which button is at work: only that one shows "loading" (antd was seen leaving the other one stuck loading).
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [audiences, setAudiences] = useState<Audience[]>([]);

  const readAudiences = useCallback(async () => {
    const { data } = await api.GET("/api/campaigns/audiences");
    if (data)
      setAudiences(data.items);
  }, []);
  useEffect(() => { void readAudiences(); }, [readAudiences]);

  const send = async (apply: boolean) => {
    if (!file)
      return;
    setBusy(apply ? "import" : "preview");
    try {
      const form = new FormData();
      form.append("name", name);
      form.append("apply", apply ? "true" : "false");
      form.append("file", file, file.name);
      const { data, error: problem, response } = await api.POST("/api/campaigns/audiences", {
        body: form as never,
        bodySerializer: body => body as unknown as FormData,
        headers: { "Accept-Language": locale },
      });
      if (!data) {
        setResult(null);
        setError(problemMessage(problem, response));
        return;
      }
      setError(null);
      setResult(data);
      if (apply)
        await readAudiences();
    } catch {
      setError(t("campaigns.unreachable"));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="campaigns-audiences" aria-labelledby="campaigns-audiences-title">
      <Typography.Title level={4} id="campaigns-audiences-title">{t("campaigns.audiences")}</Typography.Title>
      <Typography.Text type="secondary">{t("campaigns.audiencesHelp")}</Typography.Text>
      <Form layout="inline" className="campaigns-upload" aria-label={t("campaigns.upload")}>
        <Form.Item label={t("campaigns.audienceName")} htmlFor="campaigns-audience-name">
          <Input id="campaigns-audience-name" value={name} onChange={e => setName(e.target.value)} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t("campaigns.file")} htmlFor="campaigns-audience-file">
          <input id="campaigns-audience-file" type="file" accept=".csv,.xlsx"
                 onChange={e => { setFile(e.target.files?.[0] ?? null); setResult(null); }} />
        </Form.Item>
        <Space>
          <Button icon={<UploadOutlined aria-hidden />} disabled={!file || busy !== null} loading={busy === "preview"} onClick={() => void send(false)}>{t("campaigns.preview")}</Button>
          <Button type="primary" disabled={!file || !name.trim() || busy !== null} loading={busy === "import"} onClick={() => void send(true)}>{t("campaigns.import")}</Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      {result && (
        <Alert type={result.errors.length ? "warning" : "success"} showIcon role="status"
               title={t(result.applied ? "campaigns.imported" : "campaigns.previewed", { imported: result.imported, skipped: result.skipped })} />
      )}
      {result && result.errors.length > 0 && (
        <Table<RowError> rowKey={e => `${e.row}:${e.column}`} size="small" dataSource={result.errors} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          aria-label={t("campaigns.rowErrors")}
          columns={[
            { title: t("campaigns.row"), dataIndex: "row", width: 80 },
            { title: t("campaigns.column"), dataIndex: "column", width: 160 },
            { title: t("campaigns.reason"), dataIndex: "message" },
          ]} />
      )}
      <Table<Audience> rowKey="id" size="small" dataSource={audiences} pagination={false} aria-label={t("campaigns.audienceList")}
        locale={{ emptyText: t("campaigns.noAudiences") }}
        columns={[
          { title: t("campaigns.audienceName"), dataIndex: "name" },
          { title: t("campaigns.members"), dataIndex: "members" },
          { title: t("campaigns.subscribed"), dataIndex: "subscribed" },
          { title: t("campaigns.unsubscribedCount"), render: (_, a) => a.unsubscribed + a.bounced + a.complained },
          { title: t("campaigns.created"), render: (_, a) => formatDateTime(a.createdAt, locale), width: 170 },
        ]} />
    </section>
  );
}
