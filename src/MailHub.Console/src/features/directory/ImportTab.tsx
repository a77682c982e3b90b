import { useMemo, useState } from "react";
import { Alert, Button, Card, Checkbox, Radio, Space, Steps, Table, Tag, Typography, Upload } from "antd";
import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { api, problemMessage, type Schemas } from "../../api";
import { useLocale, useT, type Translate } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";

type ImportResponse = Schemas["ImportResponse"];
type ImportRow = Schemas["ImportRowResponse"];
type RowError = Schemas["RowError"];

const outcomeColors: Record<string, string> = { created: "success", updated: "processing", unchanged: "default", error: "error" };

/** A row error in the user's language: the cell (D7), the column's name, and the reason its code stands for. */
export function describeError(t: Translate, error: RowError): string {
  const code = `directory.code.${error.code}` as MessageKey;
  const column = `directory.column.${error.column}` as MessageKey;
  const known = (key: MessageKey, fallback: string) => { const text = t(key); return text === key ? fallback : text; };
  return t("directory.error.cell", { cell: error.cell, column: known(column, error.column), message: known(code, error.message) });
}

function formatOf(file: File): "xlsx" | "csv" | undefined {
  const name = file.name.toLowerCase();
  return name.endsWith(".xlsx") ? "xlsx" : name.endsWith(".csv") ? "csv" : undefined;
}

/**
 * The import wizard (template, upload, preview, apply) and the export, on /admin/directory/import. An upload is previewed
 * first (POST /api/directory/import?apply=false); applying sends the same file again with apply=true.
 */
export function ImportTab() {
  const t = useT();
  const [locale] = useLocale();
  const [language, setLanguage] = useState<string>(locale);
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [preview, setPreview] = useState<ImportResponse>();
  const [applied, setApplied] = useState<ImportResponse>();
  const [errorsOnly, setErrorsOnly] = useState(false);

  const send = async (chosen: File, apply: boolean): Promise<ImportResponse | undefined> => {
    const format = formatOf(chosen);
    if (!format) {
      setError(t("directory.upload.wrongType", { file: chosen.name }));
      return undefined;
    }
    const form = new FormData();
    form.append("file", chosen, chosen.name);
    setBusy(true);
    setError(undefined);
    try {
      const { data, error: problem, response } = await api.POST("/api/directory/import", {
        params: { query: { format, apply } },
        body: form as never,
        bodySerializer: body => body as unknown as FormData,
      });
      if (!data)
        setError(t(response.status === 409 ? "directory.applied.conflict" : "directory.upload.refused", { detail: problemMessage(problem, response) }));
      return data;
    } catch {
      setError(t("directory.error.unreachable"));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const upload = async (chosen: File) => {
    setFile(chosen);
    setPreview(undefined);
    setApplied(undefined);
    setErrorsOnly(false);
    const result = await send(chosen, false);
    if (result) {
      setPreview(result);
      setErrorsOnly(result.failed > 0 && result.failed < result.rows.length && result.rows.length > 20);
    }
  };

  const apply = async () => {
    if (!file)
      return;
    const result = await send(file, true);
    if (result) {
      setApplied(result);
      setPreview(undefined);
    }
  };

  const reset = () => {
    setFile(undefined);
    setPreview(undefined);
    setApplied(undefined);
    setError(undefined);
  };

  const rows = useMemo(() => (preview?.rows ?? []).filter(r => !errorsOnly || r.outcome === "error"), [preview, errorsOnly]);
  const good = preview ? preview.created + preview.updated : 0;
  const step = applied ? 3 : preview ? 2 : file ? 1 : 0;

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Steps size="small" current={step} items={[
        { title: t("directory.step.template") }, { title: t("directory.step.upload") }, { title: t("directory.step.preview") }, { title: t("directory.step.done") },
      ]} />
      <Card size="small" title={t("directory.template.title")}>
        <Typography.Paragraph type="secondary">{t("directory.template.help")}</Typography.Paragraph>
        <Space wrap>
          <span id="directory-template-language">{t("directory.template.language")}</span>
          <Radio.Group value={language} onChange={e => setLanguage(e.target.value as string)} aria-labelledby="directory-template-language"
                       options={[{ value: "zh-CN", label: t("directory.template.zh") }, { value: "en", label: t("directory.template.en") }]} />
          <Button icon={<DownloadOutlined aria-hidden />} href={`/api/directory/import/template?format=xlsx&locale=${language}`}>{t("directory.template.xlsx")}</Button>
          <Button icon={<DownloadOutlined aria-hidden />} href={`/api/directory/import/template?format=csv&locale=${language}`}>{t("directory.template.csv")}</Button>
        </Space>
      </Card>

      {!preview && !applied && (
        <Card size="small" title={t("directory.upload.title")}>
          <Upload.Dragger accept=".xlsx,.csv" multiple={false} showUploadList={false} disabled={busy}
                          beforeUpload={chosen => { void upload(chosen); return false; }}>
            <p className="ant-upload-drag-icon"><InboxOutlined aria-hidden /></p>
            <p className="ant-upload-text">{busy && file ? t("directory.upload.reading", { file: file.name }) : t("directory.upload.drop")}</p>
            <p className="ant-upload-hint">{t("directory.upload.help")}</p>
          </Upload.Dragger>
        </Card>
      )}
      {error && <Alert type="error" showIcon role="alert" message={error} />}

      {preview && file && (
        <Card size="small" title={t("directory.preview.title", { file: file.name })}>
          <Space direction="vertical" style={{ width: "100%" }}>
            <Typography.Text role="status">{t("directory.preview.summary", {
              created: preview.created, updated: preview.updated, unchanged: preview.unchanged, failed: preview.failed,
              departments: preview.departmentsCreated,
            })}</Typography.Text>
            {preview.failed > 0 && <Typography.Text type="warning">{t("directory.preview.errorsLeftOut")}</Typography.Text>}
            <Checkbox checked={errorsOnly} onChange={e => setErrorsOnly(e.target.checked)} disabled={preview.failed === 0}>
              {t("directory.preview.errorsOnly")}
            </Checkbox>
            <Table<ImportRow> rowKey="row" size="small" dataSource={rows} aria-label={t("directory.preview.table")}
                              pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }}
                              columns={[
                                { title: t("directory.col.row"), dataIndex: "row", width: 70 },
                                { title: t("directory.col.account"), key: "account", width: 180, render: (_, r) => r.account ?? "—" },
                                { title: t("directory.col.outcome"), key: "outcome", width: 110,
                                  render: (_, r) => <Tag color={outcomeColors[r.outcome]}>{t(`directory.outcome.${r.outcome}` as MessageKey)}</Tag> },
                                { title: t("directory.col.errors"), key: "errors", render: (_, r) => r.errors.length === 0 ? null : (
                                  <ul className="directory-errors">{r.errors.map(e => <li key={e.cell + e.code}>{describeError(t, e)}</li>)}</ul>) },
                              ]} />
            <Space wrap>
              <Button type="primary" loading={busy} disabled={good === 0 && preview.departmentsCreated === 0} onClick={() => void apply()}>
                {t("directory.preview.apply", { count: good })}
              </Button>
              <Button onClick={reset} disabled={busy}>{t("directory.preview.cancel")}</Button>
              {good === 0 && <Typography.Text type="secondary">{t("directory.preview.nothing")}</Typography.Text>}
            </Space>
          </Space>
        </Card>
      )}

      {applied && (
        <Alert type="success" showIcon message={t("directory.applied.title", {
          created: applied.created, updated: applied.updated, unchanged: applied.unchanged, departments: applied.departmentsCreated,
        })} description={<Space direction="vertical">
          {applied.failed > 0 && <span>{t("directory.applied.left", { failed: applied.failed })}</span>}
          <Space wrap>
            <Link to="/admin/people">{t("directory.peopleLink")}</Link>
            <Button size="small" onClick={reset}>{t("directory.preview.another")}</Button>
          </Space>
        </Space>} />
      )}

      <Card size="small" title={t("directory.export.title")}>
        <Typography.Paragraph type="secondary">{t("directory.export.help")}</Typography.Paragraph>
        <Space wrap>
          <Button icon={<DownloadOutlined aria-hidden />} href={`/api/directory/export?format=xlsx&locale=${locale}`}>{t("directory.export.xlsx")}</Button>
          <Button icon={<DownloadOutlined aria-hidden />} href={`/api/directory/export?format=csv&locale=${locale}`}>{t("directory.export.csv")}</Button>
        </Space>
      </Card>
    </Space>
  );
}
