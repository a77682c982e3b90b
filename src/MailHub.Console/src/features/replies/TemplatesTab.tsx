import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { repliesError } from "./repliesErrors";
import { TemplateForm, type Template } from "./TemplateForm";

/** The canned replies the signed-in admin or supervisor may use, with who uses each; new, edit, delete. */
export function TemplatesTab({ teams }: { teams: Schemas["Department"][] }) {
  const t = useT();
  const account = useAccount();
  const { message } = App.useApp();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState<Template | "new" | null>(null);

  const reload = useCallback(async () => {
    try {
      const { data } = await api.GET("/api/conversations/templates");
      if (data)
        setTemplates(data);
      else
        setFailed(true);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  async function remove(template: Template) {
    const { error, response } = await api.DELETE("/api/conversations/templates/{id}", { params: { path: { id: template.id } } });
    if (response.ok)
      void message.success(t("replies.deleted"));
    else
      void message.error(repliesError(t, error, response));
    await reload();
  }

  const mayWrite = (template: Template) =>
    template.scope === "personal" ? template.ownerId === account.id : account.role === "admin" || account.role === "supervisor";

  if (failed && !templates)
    return <Alert type="error" role="alert" title={t("replies.error.load")} />;
  return (
    <>
      <div className="replies-toolbar">
        <Typography.Text type="secondary">{t("replies.intro")}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>{t("replies.add")}</Button>
      </div>
      <Table<Template> rowKey="id" dataSource={templates ?? []} loading={templates === null} pagination={{ pageSize: 50, hideOnSinglePage: true }}
                       aria-label={t("replies.table")} locale={{ emptyText: t("replies.empty") }}
                       columns={[
                         { key: "name", title: t("replies.column.name"), dataIndex: "name", width: 220,
                           render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
                         {
                           key: "scope", title: t("replies.column.scope"), width: 160,
                           render: (_, template) => template.scope === "team"
                             ? <Tag color="blue">{t("replies.scope.team", { name: teams.find(d => d.id === template.teamId)?.name ?? "?" })}</Tag>
                             : template.scope === "personal" ? <Tag color="purple">{t("replies.scope.personal")}</Tag>
                             : <Tag>{t("replies.scope.shared")}</Tag>,
                         },
                         { key: "text", title: t("replies.column.text"), render: (_, template) => <div className="replies-excerpt">{template.text}</div> },
                         {
                           key: "actions", title: t("replies.column.actions"), width: 110,
                           render: (_, template) => mayWrite(template) && (
                             <Space>
                               <Button icon={<EditOutlined />} aria-label={t("replies.edit", { name: template.name })} onClick={() => setEditing(template)} />
                               <Popconfirm title={t("replies.deleteConfirm", { name: template.name })} onConfirm={() => remove(template)}>
                                 <Button danger icon={<DeleteOutlined />} aria-label={t("replies.delete", { name: template.name })} />
                               </Popconfirm>
                             </Space>
                           ),
                         },
                       ]} />
      <TemplateForm template={editing} teams={teams} onClose={() => setEditing(null)}
                    onSaved={() => { setEditing(null); void message.success(t("replies.saved")); void reload(); }} />
    </>
  );
}
