import { App, Alert, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Result, Select, Space, Spin, Steps, Switch, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api, fieldErrors } from "../../api";
import { useLocale, useT } from "../../i18n/I18n";
import { ConnectionTest, type TestOutcome } from "./ConnectionTest";
import {
  errorText, formField, initialValues, providerHelp, providerName, requestOf, securities, stepOf, valuesOf,
  type Mailbox, type Provider, type WizardValues,
} from "./form";
import { useDefaultRelay, useProviders } from "./useMailboxes";

/** The fields each step checks before the next one opens. */
const stepFields: (string | number)[][][] = [
  [["provider"], ["protocol"], ["inbound", "host"], ["inbound", "port"], ["inbound", "security"],
    ["outbound", "host"], ["outbound", "port"], ["outbound", "security"]],
  [["name"], ["address"], ["displayName"], ["username"], ["password"]],
  [],
  [["folders"], ["importDays"], ["moveTo"], ["deleteAfter"], ["claims"]],
];

/** /admin/mailboxes/new (add) and /admin/mailboxes/:id (edit): provider → account → test → options, then Save. */
export function MailboxWizard() {
  const { id } = useParams();
  const t = useT();
  const [mailbox, setMailbox] = useState<Mailbox | null | undefined>(id ? undefined : null);
  useEffect(() => {
    if (!id)
      return;
    void api.GET("/api/channels/mailboxes/{id}", { params: { path: { id } } }).then(({ data }) => setMailbox(data ?? null));
  }, [id]);
  if (mailbox === undefined)
    return <Spin />;
  if (id && mailbox === null)
    return <Result status="404" title={t("mailboxes.wizard.notFound")} />;
  return <Wizard key={mailbox?.id ?? "new"} mailbox={mailbox} />;
}

function Wizard({ mailbox }: { mailbox: Mailbox | null }) {
  const t = useT();
  const [locale] = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const providers = useProviders();
  const relay = useDefaultRelay();
  const [form] = Form.useForm<WizardValues>();
  const start = new URLSearchParams(window.location.search).get("step");
  const [current, setCurrent] = useState(start ? Number(start) : 0);
  const [errorSteps, setErrorSteps] = useState<Set<number>>(new Set());
  const [test, setTest] = useState<TestOutcome>({ steps: [], ok: null });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [folders, setFolders] = useState<{ loading: boolean; list: { name: string; use?: string | null }[] | null; error?: string }>(
    { loading: false, list: null });
  const initial = useMemo(() => (mailbox ? valuesOf(mailbox) : initialValues()), [mailbox]);

  const providerId = Form.useWatch("provider", form) ?? initial.provider;
  const protocol = Form.useWatch("protocol", form) ?? initial.protocol;
  const useDefault = Form.useWatch(["outbound", "useDefault"], form) ?? initial.outbound.useDefault;
  const importMode = Form.useWatch("importMode", form) ?? initial.importMode;
  const onServer = Form.useWatch("onServer", form) ?? initial.onServer;
  const saveToSent = Form.useWatch("saveToSent", form) ?? initial.saveToSent;
  const provider = providers?.find(p => p.id === providerId);

  /** The preset's servers into the form: visible, and the admin may change them. */
  function applyPreset(p: Provider | undefined, proto: "imap" | "pop3") {
    if (!p)
      return;
    const inbound = proto === "pop3" ? p.pop3 : p.imap;
    if (inbound)
      form.setFieldValue("inbound", { ...form.getFieldValue("inbound"), host: inbound.host, port: inbound.port, security: inbound.security });
    if (p.smtp)
      form.setFieldValue("outbound", { ...form.getFieldValue("outbound"), host: p.smtp.host, port: p.smtp.port, security: p.smtp.security });
  }

  const editingWithoutPassword = () => !!mailbox && !form.getFieldValue("password");

  async function next() {
    try {
      await form.validateFields(stepFields[current]);
    } catch {
      return;
    }
    const to = current + 1;
    setCurrent(to);
    if (to === 3 && folders.list === null && !folders.loading)
      void loadFolders();
  }

  async function loadFolders() {
    setFolders({ loading: true, list: null });
    const values = form.getFieldsValue(true) as WizardValues;
    const answer = editingWithoutPassword()
      ? await api.GET("/api/channels/mailboxes/{id}/folders", { params: { path: { id: mailbox!.id } } })
      : await api.POST("/api/channels/mailboxes/folders", { body: requestOf(values) });
    if (answer.data)
      setFolders({ loading: false, list: answer.data.folders });
    else
      setFolders({ loading: false, list: null, error: errorText(t, answer.error, answer.response) });
  }

  async function runTest(progress: string) {
    const values = form.getFieldsValue(true) as WizardValues;
    const answer = editingWithoutPassword()
      ? await api.POST("/api/channels/mailboxes/{id}/test", { params: { path: { id: mailbox!.id }, query: { progress } } })
      : await api.POST("/api/channels/mailboxes/test", { params: { query: { progress } }, body: requestOf(values) });
    if (!answer.data) {
      showFieldErrors(answer.error);
      throw new Error(errorText(t, answer.error, answer.response));
    }
    return answer.data;
  }

  /** The API's field errors on their fields, and the steps that hold them marked; true when there were any. */
  function showFieldErrors(error: unknown): boolean {
    const errors = Object.entries(fieldErrors(error));
    if (errors.length === 0)
      return false;
    form.setFields(errors.map(([field, messages]) => ({ name: formField(field), errors: messages })) as Parameters<typeof form.setFields>[0]);
    setErrorSteps(new Set(errors.map(([field]) => stepOf(formField(field)))));
    return true;
  }

  async function save() {
    let values: WizardValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as WizardValues;
    } catch {
      setSaveError(t("mailboxes.wizard.fixFields"));
      return;
    }
    setSaving(true);
    setSaveError(null);
    const body = requestOf(values);
    const answer = mailbox
      ? await api.PUT("/api/channels/mailboxes/{id}", { params: { path: { id: mailbox.id } }, body })
      : await api.POST("/api/channels/mailboxes", { body });
    if (!answer.data) {
      setSaving(false);
      setSaveError(showFieldErrors(answer.error)
        ? t("mailboxes.wizard.fixFields")
        : t("mailboxes.wizard.saveFailed", { error: errorText(t, answer.error, answer.response) }));
      return;
    }
    const saved = answer.data;
    if (!mailbox && values.signature?.trim()) {
      const signed = await api.PUT("/api/conversations/signatures/mailboxes/{mailboxId}", {
        params: { path: { mailboxId: saved.id } }, body: { text: values.signature.trim() },
      });
      if (signed.error || !signed.response.ok)
        void message.error(t("mailboxes.wizard.signatureFailed", { error: errorText(t, signed.error, signed.response) }));
    }
    setSaving(false);
    void message.success(t("mailboxes.saved", { name: saved.name }));
    // A new mailbox goes on to the send/receive check.
    navigate(mailbox ? "/admin/mailboxes" : `/admin/mailboxes?verify=${saved.id}`);
  }

  const securityOptions = securities.map(s => ({ value: s, label: t(`mailboxes.security.${s}`) }));
  const secretLabel = provider?.authorizationCode ? t("mailboxes.wizard.authorizationCode") : t("mailboxes.wizard.password");
  const help = providerHelp(provider, locale);
  const stepTitles = [t("mailboxes.wizard.step.provider"), t("mailboxes.wizard.step.account"), t("mailboxes.wizard.step.test"),
    t("mailboxes.wizard.step.options")];

  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>
      {mailbox ? t("mailboxes.wizard.editTitle", { name: mailbox.name }) : t("mailboxes.wizard.title")}</Typography.Title>}>
      <Steps current={current} onChange={mailbox ? setCurrent : undefined} style={{ marginBottom: 24 }}
             items={stepTitles.map((title, i) => ({ title, status: errorSteps.has(i) ? "error" : undefined }))} />
      <Form form={form} layout="vertical" initialValues={initial} className="mailbox-wizard"
            onValuesChange={() => errorSteps.size && setErrorSteps(new Set())}>
        <section hidden={current !== 0} aria-label={stepTitles[0]}>
          <Form.Item label={t("mailboxes.wizard.providerLabel")} name="provider" extra={t("mailboxes.wizard.providerHelp")}>
            <Radio.Group optionType="button" className="mailbox-providers"
                         onChange={e => applyPreset(providers?.find(p => p.id === e.target.value), protocol)}
                         options={(providers ?? []).map(p => ({ value: p.id, label: providerName(p, locale) }))} />
          </Form.Item>
          {provider && provider.quirks.length > 0 &&
            <Alert type="info" style={{ marginBottom: 16 }} title={t("mailboxes.wizard.quirks")}
                   description={<ul className="mailbox-quirks">{provider.quirks.map(q => <li key={q}>{q}</li>)}</ul>} />}
          <Form.Item label={t("mailboxes.wizard.protocol")} name="protocol">
            <Radio.Group onChange={e => applyPreset(provider, e.target.value as "imap" | "pop3")}
                         options={[{ value: "imap", label: "IMAP" }, { value: "pop3", label: "POP3" }]} />
          </Form.Item>
          <fieldset className="mailbox-server">
            <legend>{t("mailboxes.wizard.incoming")}</legend>
            <ServerFields prefix="inbound" kind={protocol} securityOptions={securityOptions} />
          </fieldset>
          <fieldset className="mailbox-server">
            <legend>{t("mailboxes.wizard.outgoing")}</legend>
            {relay?.configured &&
              <Form.Item name={["outbound", "useDefault"]} valuePropName="checked">
                <Checkbox>{t("mailboxes.wizard.useDefaultRelay")} ({relay.displayName})</Checkbox>
              </Form.Item>}
            {!(relay?.configured && useDefault) && <ServerFields prefix="outbound" kind="smtp" securityOptions={securityOptions} />}
          </fieldset>
        </section>

        <section hidden={current !== 1} aria-label={stepTitles[1]}>
          <Form.Item label={t("mailboxes.wizard.name")} name="name" extra={t("mailboxes.wizard.nameHelp")}
                     rules={[{ required: true, whitespace: true, message: t("mailboxes.wizard.nameRequired") }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t("mailboxes.wizard.address")} name="address"
                     rules={[{ required: true, whitespace: true, message: t("mailboxes.wizard.addressRequired") },
                       { pattern: /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, message: t("mailboxes.wizard.addressInvalid") }]}>
            <Input type="email" maxLength={254} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t("mailboxes.wizard.displayName")} name="displayName" extra={t("mailboxes.wizard.displayNameHelp")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t("mailboxes.wizard.username")} name="username" extra={t("mailboxes.wizard.usernameHelp")}>
            <Input maxLength={320} autoComplete="off" />
          </Form.Item>
          <Form.Item label={secretLabel} name="password"
                     extra={mailbox ? t("mailboxes.wizard.passwordKeep") : undefined}
                     rules={mailbox ? [] : [{ required: true, message: t("mailboxes.wizard.passwordRequired") }]}>
            <Input.Password autoComplete="new-password" maxLength={8192} />
          </Form.Item>
          {help && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("mailboxes.wizard.whereCode")} description={help} />}
          {provider?.oAuth2 &&
            <Form.Item name="oauth2" valuePropName="checked">
              <Checkbox>{t("mailboxes.wizard.oauth")}</Checkbox>
            </Form.Item>}
        </section>

        <section hidden={current !== 2} aria-label={stepTitles[2]}>
          <ConnectionTest run={runTest} outcome={test} onOutcome={setTest} loginHelp={help} />
        </section>

        <section hidden={current !== 3} aria-label={stepTitles[3]}>
          {protocol === "imap" && folders.loading && <Spin description={t("mailboxes.wizard.foldersLoading")} />}
          {protocol === "imap" && !folders.loading &&
            <Form.Item label={t("mailboxes.wizard.folders")} name="folders" extra={t("mailboxes.wizard.foldersHelp")}
                       rules={[{ type: "array", min: 1, message: t("mailboxes.wizard.foldersHelp") }]}>
              {folders.list
                ? <Checkbox.Group className="mailbox-folders" options={folders.list.map(f => ({
                    value: f.name,
                    label: <span>{f.name}{f.use && f.use !== "inbox" && <Tag style={{ marginInlineStart: 6 }}>{f.use}</Tag>}</span>,
                  }))} />
                : <Select mode="tags" aria-label={t("mailboxes.wizard.folders")} tokenSeparators={[","]} />}
            </Form.Item>}
          {folders.error && <Alert type="warning" style={{ marginBottom: 16 }}
                                   title={t("mailboxes.wizard.foldersFailed", { error: folders.error })} />}
          <Form.Item label={t("mailboxes.wizard.initialImport")} name="importMode">
            <Radio.Group options={[{ value: "new", label: t("mailboxes.wizard.importNew") },
              { value: "recent", label: t("mailboxes.wizard.importRecent") }]} />
          </Form.Item>
          {importMode === "recent" &&
            <Form.Item label={t("mailboxes.wizard.importDays")} name="importDays" rules={[{ required: true, type: "number", min: 1, max: 365 }]}>
              <InputNumber min={1} max={365} />
            </Form.Item>}
          <Form.Item label={t("mailboxes.wizard.onServer")} name="onServer">
            <Radio.Group options={(protocol === "pop3" ? ["leave", "delete"] as const : ["leave", "markRead", "move", "delete"] as const)
              .map(a => ({ value: a, label: t(`mailboxes.wizard.onServer.${a}`) }))} />
          </Form.Item>
          {onServer === "move" && protocol === "imap" &&
            <Form.Item label={t("mailboxes.wizard.moveTo")} name="moveTo"
                       rules={[{ required: true, message: t("mailboxes.wizard.moveToRequired") }]}>
              <Select showSearch aria-label={t("mailboxes.wizard.moveTo")}
                      options={(folders.list ?? []).filter(f => f.name !== "INBOX").map(f => ({ value: f.name, label: f.name }))} />
            </Form.Item>}
          {onServer === "delete" &&
            <Form.Item label={t("mailboxes.wizard.deleteAfter")} name="deleteAfter" rules={[{ required: true, type: "number", min: 1, max: 3650 }]}>
              <InputNumber min={1} max={3650} />
            </Form.Item>}
          {protocol === "imap" &&
            <Form.Item name="saveToSent" valuePropName="checked">
              <Checkbox>{t("mailboxes.wizard.saveToSent")}</Checkbox>
            </Form.Item>}
          {protocol === "imap" && saveToSent &&
            <Form.Item label={t("mailboxes.wizard.sentFolder")} name="sentFolder" extra={t("mailboxes.wizard.sentFolderHelp")}>
              <Select allowClear aria-label={t("mailboxes.wizard.sentFolder")}
                      options={(folders.list ?? []).map(f => ({ value: f.name, label: f.use === "sent" ? `${f.name} (sent)` : f.name }))} />
            </Form.Item>}
          <Form.Item label={t("mailboxes.wizard.claims")} name="claims" extra={t("mailboxes.wizard.claimsHelp")}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[",", " "]} aria-label={t("mailboxes.wizard.claims")} />
          </Form.Item>
          <Form.Item name="allowPlusAddressing" valuePropName="checked">
            <Checkbox>{t("mailboxes.wizard.plusAddressing")}</Checkbox>
          </Form.Item>
          <Form.Item name="subjectTokens" valuePropName="checked">
            <Checkbox>{t("mailboxes.wizard.subjectTokens")}</Checkbox>
          </Form.Item>
          {!mailbox &&
            <Form.Item label={t("mailboxes.wizard.signature")} name="signature" extra={t("mailboxes.wizard.signatureHelp")}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>}
          <Form.Item label={t("mailboxes.wizard.enabled")} name="enabled" valuePropName="checked">
            <Switch />
          </Form.Item>
        </section>

        {saveError && <Alert type="error" role="alert" style={{ marginBottom: 16 }} title={saveError} />}
        <Space>
          <Button onClick={() => navigate("/admin/mailboxes")}>{t("mailboxes.wizard.cancel")}</Button>
          {current > 0 && <Button onClick={() => setCurrent(current - 1)}>{t("mailboxes.wizard.back")}</Button>}
          {current < 3 && <Button type={current === 2 && test.ok !== true ? "default" : "primary"} onClick={() => void next()}>
            {t("mailboxes.wizard.next")}</Button>}
          {(current === 3 || mailbox) &&
            <Button type="primary" loading={saving} onClick={() => void save()}>{t("mailboxes.wizard.save")}</Button>}
        </Space>
      </Form>
    </Card>
  );
}

function ServerFields({ prefix, kind, securityOptions }: {
  prefix: "inbound" | "outbound"; kind: "imap" | "pop3" | "smtp"; securityOptions: { value: string; label: string }[];
}) {
  const t = useT();
  return (
    <Space wrap align="start">
      <Form.Item label={t(`mailboxes.wizard.${kind}Host`)} name={[prefix, "host"]} style={{ minWidth: 260 }}
                 rules={[{ required: true, whitespace: true, message: t("mailboxes.wizard.hostRequired") }]}>
        <Input maxLength={253} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t(`mailboxes.wizard.${kind}Port`)} name={[prefix, "port"]}
                 rules={[{ required: true, type: "number", min: 1, max: 65535, message: t("mailboxes.wizard.portRequired") }]}>
        <InputNumber min={1} max={65535} />
      </Form.Item>
      <Form.Item label={t(`mailboxes.wizard.${kind}Security`)} name={[prefix, "security"]} style={{ minWidth: 160 }}>
        <Select options={securityOptions} aria-label={t(`mailboxes.wizard.${kind}Security`)} />
      </Form.Item>
      <Form.Item name={[prefix, "acceptInvalidCertificate"]} valuePropName="checked" label=" ">
        <Checkbox>{t("mailboxes.wizard.acceptInvalidCertificate")}</Checkbox>
      </Form.Item>
    </Space>
  );
}
