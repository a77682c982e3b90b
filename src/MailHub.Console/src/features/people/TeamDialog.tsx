import { useState } from "react";
import { App, Form, Input, Modal, TreeSelect } from "antd";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { explain } from "./problems";
import { teamOptions, type TeamNode, type TeamOption } from "./types";

interface Values {
  name: string;
  parentId?: string;
}

/** What the dialog does: a new team (under parentId, or at the top), or renaming and moving an existing one. */
export type TeamDialogMode = { kind: "create"; parentId?: string } | { kind: "edit"; team: TeamNode };

const top = "";

/** Creates a team, or renames and moves one (POST, PUT /api/directory/departments). */
export function TeamDialog({ mode, tree, onClose, onSaved }: {
  mode: TeamDialogMode; tree: TeamNode[]; onClose: () => void; onSaved: (id: string) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const editing = mode.kind === "edit" ? mode.team : undefined;
  // A team cannot move under itself or its sub-teams: they are not offered.
  const places: TeamOption[] = [{ key: top, value: top, title: t("people.topLevel"), children: [] },
    ...teamOptions(editing ? without(tree, editing.id) : tree)];

  const save = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    const body = { name: values.name.trim(), parentId: values.parentId ? values.parentId : null };
    try {
      const { data, error: problem, response } = editing
        ? await api.PUT("/api/directory/departments/{id}", { params: { path: { id: editing.id } }, body })
        : await api.POST("/api/directory/departments", { body });
      if (!data) {
        const refusal = explain(t, problem, response);
        form.setFields(Object.entries(refusal.fields).map(([field, text]) => ({ name: field === "parentId" ? "parentId" : "name", errors: [text] })));
        setError(refusal.message);
        return;
      }
      void message.success(t(editing ? "people.teamSaved" : "people.teamCreated", { name: data.name }));
      onSaved(data.id);
    } catch {
      setError(t("people.error.unreachable"));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={editing ? t("people.editTeamTitle", { name: editing.name }) : t("people.newTeam")}
           okText={editing ? t("people.save") : t("people.create")} cancelText={t("people.cancel")}
           confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} onFinish={v => void save(v)} requiredMark={false}
            initialValues={{ name: editing?.name ?? "", parentId: (editing ? editing.parentId : mode.kind === "create" ? mode.parentId : undefined) ?? top }}>
        {error && <div role="alert" className="people-error">{error}</div>}
        <Form.Item name="name" label={t("people.teamName")} rules={[{ required: true, whitespace: true, message: t("people.teamNameRequired") }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="parentId" label={t("people.parentTeam")}>
          <TreeSelect treeData={places} treeDefaultExpandAll aria-label={t("people.parentTeam")} showSearch treeNodeFilterProp="title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function without(nodes: TeamNode[], id: string): TeamNode[] {
  return nodes.filter(n => n.id !== id).map(n => ({ ...n, children: without(n.children, id) }));
}
