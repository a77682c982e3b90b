import { useEffect, useState } from "react";
import { Alert, Button, Card, Form, Input, Spin, Typography } from "antd";
import { Link, Navigate } from "react-router";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { useSession } from "../session/Session";

interface Fields {
  password: string;
  confirm: string;
}

/** Why a link does not work, by the host's status. */
function refusalOf(status: number): MessageKey {
  return status === 410 ? "people.welcome.expired" : status === 429 ? "people.welcome.tooMany" : "people.welcome.unknown";
}

/**
 * /welcome#token: the page an invitation link opens. It reads whose invitation it is (POST /api/auth/invitation; the token
 * stays in the fragment, out of every URL a server sees), takes the password they choose and signs them in.
 */
export function WelcomePage() {
  const t = useT();
  const { signedIn } = useSession();
  const [token] = useState(() => window.location.hash.replace(/^#/, ""));
  const [details, setDetails] = useState<Schemas["InvitationDetails"]>();
  const [refusal, setRefusal] = useState<MessageKey | undefined>(token ? undefined : "people.welcome.missing");
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Fields>();

  useEffect(() => {
    if (!token)
      return;
    api.POST("/api/auth/invitation", { body: { token } })
      .then(({ data, response }) => data ? setDetails(data) : setRefusal(refusalOf(response.status)))
      .catch(() => setRefusal("people.error.unreachable"));
  }, [token]);

  if (done)
    return <Navigate to="/conversations" replace />;

  async function accept(fields: Fields) {
    setBusy(true);
    try {
      const { data, response } = await api.POST("/api/auth/invitation/accept", { body: { token, password: fields.password } });
      if (data) {
        signedIn(data);
        setDone(true);
      } else if (response.status === 400)
        form.setFields([{ name: "password", errors: [t("people.error.password")] }]);
      else
        setRefusal(refusalOf(response.status));
    } catch {
      setRefusal("people.error.unreachable");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="center-page">
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("people.welcome.title")}</Typography.Title>}
            extra={<LanguageSwitch />} style={{ width: 440 }}>
        {refusal ? (
          <>
            <Alert type="error" title={t(refusal)} role="alert" style={{ marginBottom: 16 }} />
            <Link to="/sign-in">{t("people.welcome.signIn")}</Link>
          </>
        ) : !details ? (
          <Spin tip={t("people.welcome.loading")}><div style={{ height: 80 }} /></Spin>
        ) : (
          <Form<Fields> form={form} layout="vertical" onFinish={v => void accept(v)} requiredMark={false}>
            <Typography.Paragraph>{t("people.welcome.intro", { name: details.name, email: details.email })}</Typography.Paragraph>
            <input type="email" name="username" autoComplete="username" value={details.email} readOnly hidden />
            <Form.Item label={t("people.welcome.password")} name="password" extra={t("people.welcome.rule")}
                       rules={[{ required: true, min: 8, message: t("people.error.password") }]}>
              <Input.Password autoComplete="new-password" autoFocus />
            </Form.Item>
            <Form.Item label={t("people.welcome.confirm")} name="confirm" dependencies={["password"]}
                       rules={[{ required: true, message: t("people.welcome.mismatch") },
                               ({ getFieldValue }) => ({
                                 validator: (_, value) => value === getFieldValue("password") ? Promise.resolve() : Promise.reject(new Error(t("people.welcome.mismatch"))),
                               })]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>{t("people.welcome.submit")}</Button>
          </Form>
        )}
      </Card>
    </main>
  );
}
