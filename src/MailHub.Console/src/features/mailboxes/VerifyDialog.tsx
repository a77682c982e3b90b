import { Alert, Button, Form, Input, Modal, Steps, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { errorText, type Mailbox } from "./form";

/**
 * The send/receive check: a test mail to an address the admin reads, "waiting for your reply" until a reply to it comes
 * back into the mailbox, then "verified". The state is the mailbox's own (health.verification), which the list reads
 * again on every "mailbox" push, so the dialog follows it live.
 */
export function VerifyDialog({ mailbox, onClose }: { mailbox: Mailbox; onClose: () => void }) {
  const t = useT();
  const [to, setTo] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const state = mailbox.health.verification;
  const current = state === "verified" ? 2 : state === "waitingForReply" || sentTo ? 1 : 0;

  async function send() {
    setSending(true);
    setFailure(null);
    const { error, response } = await api.POST("/api/channels/mailboxes/{id}/test-send", {
      params: { path: { id: mailbox.id } }, body: { to: to.trim() },
    }).catch(() => ({ error: undefined, response: undefined }));
    setSending(false);
    if (response?.ok)
      setSentTo(to.trim());
    else
      setFailure(t("mailboxes.verify.failed", { error: errorText(t, error, response) }));
  }

  return (
    <Modal open title={t("mailboxes.verify.title", { name: mailbox.name })} onCancel={onClose}
           footer={<Button onClick={onClose}>{t("mailboxes.verify.close")}</Button>}>
      <Typography.Paragraph>{t("mailboxes.verify.explain")}</Typography.Paragraph>
      <Steps size="small" current={current} status={current === 2 ? "finish" : "process"} style={{ marginBottom: 16 }}
             aria-label={t("mailboxes.col.verified")}
             items={[
               { title: t("mailboxes.verify.step.send") },
               { title: t("mailboxes.verify.step.wait") },
               { title: t("mailboxes.verify.step.verified") },
             ]} />
      <Form layout="vertical" onFinish={() => void send()}>
        <Form.Item label={t("mailboxes.verify.to")} extra={t("mailboxes.verify.toHelp")} htmlFor="verify-to">
          <Input id="verify-to" type="email" value={to} onChange={e => setTo(e.target.value)} autoComplete="email" />
        </Form.Item>
        <Button type={current === 0 ? "primary" : "default"} htmlType="submit" loading={sending} disabled={!to.trim()}>
          {sentTo || state !== "notVerified" ? t("mailboxes.verify.sendAgain") : t("mailboxes.verify.send")}
        </Button>
      </Form>
      <div role="status" aria-live="polite" style={{ marginTop: 16 }}>
        {state === "verified"
          ? <Alert type="success" showIcon title={t("mailboxes.verify.done", { name: mailbox.name })} />
          : sentTo && <Alert type="info" showIcon title={t("mailboxes.verify.sent", { to: sentTo })} />}
      </div>
      {failure && <Alert type="error" role="alert" style={{ marginTop: 16 }} title={failure} />}
    </Modal>
  );
}
