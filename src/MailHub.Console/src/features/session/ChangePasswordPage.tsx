import { useState } from "react";
import { Alert, App, Button, Card, Form, Input, Typography } from "antd";
import { useNavigate } from "react-router";
import { api, fieldErrors, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import { useSession } from "./Session";

interface Fields {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** A new password: required before anything else when the account must change it (the first admin, an invited agent). */
export function ChangePasswordPage() {
  const t = useT();
  const { account, refresh } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(fields: Fields) {
    setBusy(true);
    setError(null);
    try {
      const { error: problem, response } = await api.POST("/api/auth/password", {
        body: { currentPassword: fields.currentPassword, newPassword: fields.newPassword },
      });
      if (!response.ok) {
        const errors = fieldErrors(problem);
        form.setFields(Object.entries(errors).map(([name, errors]) => ({ name: name as keyof Fields, errors })));
        if (Object.keys(errors).length === 0)
          setError(problemMessage(problem, response));
        return;
      }
      message.success(t("session.changed"));
      await refresh();
      navigate("/conversations", { replace: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="center-page">
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("session.changeTitle")}</Typography.Title>} style={{ width: 420 }}>
        {account?.mustChangePassword && <Typography.Paragraph>{t("session.changeIntro")}</Typography.Paragraph>}
        <Form<Fields> form={form} layout="vertical" onFinish={change} requiredMark={false}>
          {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 16 }} />}
          <Form.Item label={t("session.currentPassword")} name="currentPassword" rules={[{ required: true, message: t("session.passwordRequired") }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item label={t("session.newPassword")} name="newPassword" extra={t("session.passwordRule")}
                     rules={[{ required: true, min: 8, message: t("session.passwordRule") }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label={t("session.confirmPassword")} name="confirm" dependencies={["newPassword"]}
                     rules={[{ required: true, message: t("session.passwordRequired") },
                             ({ getFieldValue }) => ({
                               validator: (_, value) => value === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(t("session.passwordMismatch"))),
                             })]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t("session.change")}</Button>
        </Form>
      </Card>
    </main>
  );
}
