import { useState } from "react";
import { App, Button, Form, Input, Modal, Result, Select, TreeSelect, Typography } from "antd";
import { api, type Schemas } from "../../api";
import { formatDateTime, useLocale, useT } from "../../i18n/I18n";
import { explain } from "./problems";
import { roles, teamOptions, type Role, type TeamNode } from "./types";

interface Values {
  name: string;
  email: string;
  account: string;
  team: string;
  role: Role;
}

type Invitation = Schemas["MemberInvitationResponse"];

/** "Invite an agent": the member without a password, then the one-time link for the admin to send (POST /api/directory/invitations). */
export function InviteDialog({ teamId, tree, onClose, onInvited }: {
  teamId?: string; tree: TeamNode[]; onClose: () => void; onInvited: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [invitation, setInvitation] = useState<Invitation>();

  const invite = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      const { data, error: problem, response } = await api.POST("/api/directory/invitations", {
        body: { name: values.name.trim(), email: values.email.trim(), account: values.account.trim(), role: values.role, departmentIds: [values.team] },
      });
      if (!data) {
        const refusal = explain(t, problem, response);
        form.setFields(Object.entries(refusal.fields).map(([field, text]) => ({
          name: (field === "departmentIds" ? "team" : field) as keyof Values, errors: [text],
        })));
        setError(refusal.message);
        return;
      }
      setInvitation(data);
      onInvited();
    } catch {
      setError(t("people.error.unreachable"));
    } finally {
      setSaving(false);
    }
  };

  if (invitation)
    return <InvitationLink invitation={invitation} onClose={onClose} />;

  return (
    <Modal open title={t("people.inviteTitle")} okText={t("people.sendInvite")} cancelText={t("people.cancel")}
           confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t("people.inviteIntro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={v => void invite(v)} requiredMark={false}
            initialValues={{ role: "agent", team: teamId }}>
        {error && <div role="alert" className="people-error">{error}</div>}
        <Form.Item name="name" label={t("people.field.name")} rules={[{ required: true, whitespace: true, message: t("people.required.name") }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="email" label={t("people.field.email")}
                   rules={[{ required: true, whitespace: true, message: t("people.required.email") }, { type: "email", message: t("people.error.email") }]}>
          <Input maxLength={320} autoComplete="off" />
        </Form.Item>
        <Form.Item name="account" label={t("people.field.account")} extra={t("people.field.accountHelp")}
                   rules={[{ required: true, whitespace: true, message: t("people.required.account") },
                           { pattern: /^[A-Za-z0-9._-]{1,32}$/, message: t("people.error.account") }]}>
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="team" label={t("people.field.team")} rules={[{ required: true, message: t("people.required.team") }]}>
          <TreeSelect treeData={teamOptions(tree)} treeDefaultExpandAll aria-label={t("people.field.team")} showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <Form.Item name="role" label={t("people.field.role")}>
          <Select aria-label={t("people.field.role")} options={roles.map(r => ({ value: r, label: t(`people.role.${r}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The invitation made: the link to send, with its expiry, and a copy button. */
export function InvitationLink({ invitation, onClose }: { invitation: Invitation; onClose: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = App.useApp();
  const copy = async () => {
    await navigator.clipboard?.writeText(invitation.link).catch(() => undefined);
    void message.success(t("people.copied"));
  };
  return (
    <Modal open title={t("people.inviteTitle")} onCancel={onClose} destroyOnHidden
           footer={<Button type="primary" onClick={onClose}>{t("people.close")}</Button>}>
      <Result status="success" title={t("people.inviteReady", { name: invitation.member.name })}
              subTitle={t("people.inviteSend", { email: invitation.member.email, expires: formatDateTime(invitation.expiresAt, locale) })} />
      <Input.Search readOnly value={invitation.link} aria-label={t("people.inviteLink")} enterButton={t("people.copy")}
                    onSearch={() => void copy()} onFocus={e => e.target.select()} />
    </Modal>
  );
}
