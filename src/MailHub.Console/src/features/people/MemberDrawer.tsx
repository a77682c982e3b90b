import { useEffect, useState } from "react";
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select, Space, TreeSelect } from "antd";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { explain } from "./problems";
import { roles, teamOptions, teamsById, type Member, type Role, type TeamNode } from "./types";

interface Values {
  account: string;
  name: string;
  email: string;
  mobile?: string;
  position?: string;
  role: Role;
  teams: string[];
  mainTeam?: string;
  capacity?: number | null;
  password?: string;
}

/**
 * A member's form: a new member (POST /api/directory/members) or changes to one (PUT), with their teams (the main team
 * first), role, and routing capacity (PUT /api/routing/agents/{id}/presence).
 */
export function MemberDrawer({ member, teamId, tree, onClose, onSaved }: {
  member?: Member; teamId?: string; tree: TeamNode[]; onClose: () => void; onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [capacity, setCapacity] = useState<number>();
  const chosen = Form.useWatch("teams", form) ?? [];
  const names = teamsById(tree);

  useEffect(() => {
    if (!member)
      return;
    void api.GET("/api/routing/agents/{memberId}", { params: { path: { memberId: member.id } } }).then(({ data }) => {
      if (data) {
        setCapacity(data.capacity);
        form.setFieldValue("capacity", data.capacity);
      }
    });
  }, [member, form]);

  // The main team is one of the chosen teams: the first chosen until the admin picks another.
  useEffect(() => {
    const main = form.getFieldValue("mainTeam") as string | undefined;
    if (chosen.length > 0 && (!main || !chosen.includes(main)))
      form.setFieldValue("mainTeam", chosen[0]);
  }, [chosen, form]);

  const save = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    const main = values.mainTeam && values.teams.includes(values.mainTeam) ? values.mainTeam : values.teams[0];
    const departmentIds = main ? [main, ...values.teams.filter(id => id !== main)] : values.teams;
    const fields = {
      name: values.name.trim(), email: values.email.trim(), mobile: values.mobile?.trim() ?? "", position: values.position?.trim() ?? "",
      role: values.role, departmentIds,
    };
    try {
      const { data, error: problem, response } = member
        ? await api.PUT("/api/directory/members/{id}", {
            params: { path: { id: member.id } }, body: { ...fields, password: values.password ? values.password : null },
          })
        : await api.POST("/api/directory/members", { body: { ...fields, account: values.account.trim(), password: values.password ?? "" } });
      if (!data) {
        const refusal = explain(t, problem, response);
        form.setFields(Object.entries(refusal.fields).map(([field, text]) => ({
          name: (field === "departmentIds" ? "teams" : field) as keyof Values, errors: [text],
        })));
        setError(refusal.message);
        return;
      }
      if (values.capacity !== undefined && values.capacity !== null && values.capacity !== capacity) {
        const set = await api.PUT("/api/routing/agents/{memberId}/presence", {
          params: { path: { memberId: data.id } }, body: { capacity: values.capacity },
        });
        if (!set.response.ok) {
          const refusal = explain(t, set.error, set.response);
          form.setFields(Object.entries(refusal.fields).map(([, text]) => ({ name: "capacity", errors: [text] })));
          setError(refusal.message);
          return;
        }
      }
      void message.success(t(member ? "people.memberSaved" : "people.memberCreated", { name: data.name }));
      onSaved();
    } catch {
      setError(t("people.error.unreachable"));
    } finally {
      setSaving(false);
    }
  };

  const initial: Partial<Values> = member
    ? {
        account: member.account, name: member.name, email: member.email, mobile: member.mobile ?? "", position: member.position ?? "",
        role: member.role as Role, teams: member.departmentIds, mainTeam: member.departmentIds[0],
      }
    : { role: "agent", teams: teamId ? [teamId] : [], mainTeam: teamId };

  return (
    <Drawer open title={member ? t("people.editMember", { name: member.name }) : t("people.newMember")} size={480} onClose={onClose}
            destroyOnHidden
            extra={<Space>
              <Button onClick={onClose}>{t("people.cancel")}</Button>
              <Button type="primary" loading={saving} onClick={() => form.submit()}>{member ? t("people.save") : t("people.create")}</Button>
            </Space>}>
      <Form form={form} layout="vertical" preserve={false} initialValues={initial} onFinish={v => void save(v)} requiredMark={false}>
        {error && <div role="alert" className="people-error">{error}</div>}
        {member?.source && <Alert type="warning" showIcon className="people-synced"
                                  message={t("people.syncedNotice", { name: member.name, source: member.source })} />}
        <Form.Item name="account" label={t("people.field.account")} extra={t("people.field.accountHelp")}
                   rules={[{ required: true, whitespace: true, message: t("people.required.account") },
                           { pattern: /^[A-Za-z0-9._-]{1,32}$/, message: t("people.error.account") }]}>
          <Input disabled={!!member} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t("people.field.name")} rules={[{ required: true, whitespace: true, message: t("people.required.name") }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="email" label={t("people.field.email")}
                   rules={[{ required: true, whitespace: true, message: t("people.required.email") }, { type: "email", message: t("people.error.email") }]}>
          <Input maxLength={320} autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t("people.field.role")}>
          <Select aria-label={t("people.field.role")} options={roles.map(r => ({ value: r, label: t(`people.role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="teams" label={t("people.field.teams")} rules={[{ required: true, message: t("people.required.teams") }]}>
          <TreeSelect multiple treeData={teamOptions(tree)} treeDefaultExpandAll aria-label={t("people.field.teams")}
                      showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <Form.Item name="mainTeam" label={t("people.field.mainTeam")} extra={t("people.field.mainTeamHelp")}>
          <Select aria-label={t("people.field.mainTeam")} disabled={chosen.length < 2}
                  options={chosen.map(id => ({ value: id, label: names.get(id)?.name ?? id }))} />
        </Form.Item>
        <Form.Item name="capacity" label={t("people.field.capacity")} extra={t("people.field.capacityHelp")}
                   rules={[{ type: "integer", min: 0, max: 1000, message: t("people.error.capacity") }]}>
          <InputNumber min={0} max={1000} precision={0} aria-label={t("people.field.capacity")} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="mobile" label={t("people.field.mobile")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="position" label={t("people.field.position")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="password" label={member ? t("people.field.newPassword") : t("people.field.password")} extra={t(member ? "people.field.resetHelp" : "people.field.passwordHelp")}
                   rules={member ? [{ min: 8, message: t("people.error.password") }]
                                 : [{ required: true, message: t("people.required.password") }, { min: 8, message: t("people.error.password") }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
