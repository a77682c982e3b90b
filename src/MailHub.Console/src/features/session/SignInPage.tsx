import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useLocation } from "react-router";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { LanguageSwitch } from "../shell/LanguageSwitch";
import { useSession } from "./Session";
import { readFirstPageEarly } from "../list/useConversationPages";
import { readQuery } from "../list/listQuery";

interface Fields {
  email: string;
  password: string;
}

/** The sign-in form: "Email", "Password", "Sign in". Back to the page asked for once signed in. */
export function SignInPage() {
  const t = useT();
  const { account, signedIn } = useSession();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Where the sign-in leads: the page asked for, the conversations when that was the bare "/".
  const asked = (location.state as { from?: string } | null)?.from;
  const from = asked && asked !== "/" ? asked : "/conversations";

  if (account)
    return <Navigate to={account.mustChangePassword ? "/password" : from} replace />;

  async function signIn(fields: Fields) {
    setBusy(true);
    setError(null);
    try {
      const { data, response } = await api.POST("/api/auth/sign-in", { body: { email: fields.email.trim(), password: fields.password } });
      if (data) {
        const target = new URL(from, window.location.origin);
        if (target.pathname.startsWith("/conversations") && !data.mustChangePassword)
          readFirstPageEarly(readQuery(target.searchParams, data.role));
        signedIn(data);
        return;
      }
      if (response.status === 429) {
        const seconds = Number(response.headers.get("Retry-After"));
        setError(seconds > 0 ? t("session.tooMany", { seconds }) : t("session.tooManyNoTime"));
      } else {
        setError(t("session.wrongCredentials"));
      }
    } catch {
      setError(t("session.unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="center-page">
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{t("session.title")}</Typography.Title>}
            extra={<LanguageSwitch />} style={{ width: 400 }}>
        <Form<Fields> layout="vertical" onFinish={signIn} requiredMark={false}>
          {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 16 }} />}
          <Form.Item label={t("session.email")} name="email" rules={[{ required: true, message: t("session.emailRequired") }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t("session.password")} name="password" rules={[{ required: true, message: t("session.passwordRequired") }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t("session.signIn")}</Button>
        </Form>
      </Card>
    </main>
  );
}
