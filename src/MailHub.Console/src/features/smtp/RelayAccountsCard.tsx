import { useState } from "react";
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { api, fieldErrors } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { smtpProblem } from "./problems";
import type { RelayAccount } from "./types";

interface Row {
  userName: string;
  createdAt: string | null;
}

interface Fields {
  userName: string;
  password?: string;
}

/** The relay accounts: those made here (create, revoke) and those of the configuration (shown, not changed here). */
export function RelayAccountsCard({ accounts, configured, onChanged }: { accounts: RelayAccount[]; configured: string[]; onChanged: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<{ userName: string; password: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Fields>();

  const rows: Row[] = [
    ...configured.map(userName => ({ userName, createdAt: null })),
    ...accounts.map(a => ({ userName: a.userName, createdAt: a.createdAt })),
  ];

  async function create(fields: Fields) {
    setBusy(true);
    setError(null);
    const userName = fields.userName.trim();
    try {
      const password = fields.password ? fields.password : undefined;
      const { data, error: problem, response } = await api.POST("/api/channels/relay-accounts", { body: { userName, password } });
      if (data) {
        setCreating(false);
        form.resetFields();
        if (data.password)
          setMade({ userName: data.userName, password: data.password });
        else
          void message.success(t("smtp.relays.madeTitle", { name: data.userName }));
        onChanged();
        return;
      }
      if (response.status === 409) {
        form.setFields([{ name: "userName", errors: [t("smtp.relays.exists", { name: userName })] }]);
        return;
      }
      const refused = fieldErrors(problem);
      if (refused.password)
        form.setFields([{ name: "password", errors: [t("smtp.relays.passwordShort")] }]);
      if (refused.userName)
        form.setFields([{ name: "userName", errors: [t("smtp.relays.userNameRequired")] }]);
      if (!refused.password && !refused.userName)
        setError(t("smtp.relays.failed", { reason: smtpProblem(t, problem, response) }));
    } catch {
      setError(t("smtp.unreachable"));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(userName: string) {
    try {
      const { error: problem, response } = await api.DELETE("/api/channels/relay-accounts/{userName}", { params: { path: { userName } } });
      if (response.ok || response.status === 404) {
        void message.success(t("smtp.relays.revoked", { name: userName }));
        onChanged();
      } else {
        void message.error(t("smtp.relays.failed", { reason: smtpProblem(t, problem, response) }));
      }
    } catch {
      void message.error(t("smtp.unreachable"));
    }
  }

  return (
    <Card title={t("smtp.relays")} size="small" className="smtp-card"
          extra={<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => { setError(null); setCreating(true); }}>{t("smtp.relays.create")}</Button>}>
      <Typography.Paragraph type="secondary">{t("smtp.relays.help")}</Typography.Paragraph>
      <Table<Row> rowKey="userName" size="small" pagination={false} dataSource={rows} aria-label={t("smtp.relays")}
        locale={{ emptyText: t("smtp.relays.none") }}
        columns={[
          { title: t("smtp.relays.userName"), dataIndex: "userName", render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
          {
            title: t("smtp.relays.created"),
            render: (_, row) => row.createdAt ? formatDateTime(row.createdAt, locale) : <Tag>{t("smtp.relays.configured")}</Tag>,
          },
          {
            title: t("smtp.relays.actions"),
            width: 120,
            render: (_, row) => row.createdAt && (
              <Popconfirm title={t("smtp.relays.revokeConfirm", { name: row.userName })} description={t("smtp.relays.revokeWhat")}
                          okText={t("smtp.relays.revoke")} cancelText={t("smtp.relays.cancel")} okButtonProps={{ danger: true }}
                          placement="topRight" onConfirm={() => revoke(row.userName)}>
                <Button danger size="small" icon={<DeleteOutlined aria-hidden />} aria-label={t("smtp.relays.revokeNamed", { name: row.userName })}>
                  {t("smtp.relays.revoke")}
                </Button>
              </Popconfirm>
            ),
          },
        ]} />

      <Modal open={creating} title={t("smtp.relays.create")} okText={t("smtp.relays.save")} cancelText={t("smtp.relays.cancel")}
             confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form<Fields> form={form} layout="vertical" onFinish={create} requiredMark={false}>
          <Form.Item label={t("smtp.relays.userName")} name="userName"
                     rules={[{ required: true, whitespace: true, message: t("smtp.relays.userNameRequired") }, { max: 200 }]}>
            <Input autoComplete="off" autoFocus />
          </Form.Item>
          <Form.Item label={t("smtp.relays.password")} name="password" extra={t("smtp.relays.passwordHelp")}
                     rules={[{ min: 8, message: t("smtp.relays.passwordShort") }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={made !== null} title={made && t("smtp.relays.madeTitle", { name: made.userName })} closable={false} maskClosable={false} destroyOnHidden
             footer={<Button type="primary" onClick={() => setMade(null)}>{t("smtp.relays.done")}</Button>}>
        {made && (
          <>
            <Alert type="warning" showIcon title={t("smtp.relays.madePassword")} style={{ marginBottom: 12 }} />
            <Typography.Paragraph copyable={{ text: made.password }} className="smtp-password">
              <code aria-label={t("smtp.relays.passwordLabel", { name: made.userName })}>{made.password}</code>
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </Card>
  );
}
