import { useState } from "react";
import { App, Form, Input, Modal, Select } from "antd";
import { api, fieldErrors, problemMessage } from "../../api";
import { useT } from "../../i18n/I18n";
import type { Customer } from "./types";

interface Values {
  name: string;
  company?: string;
  phone?: string;
  notes?: string;
  emails: string[];
  tags: string[];
}

/**
 * Edits the customer's card (PUT /api/directory/customers/{id}) and, when they changed, their tags (PUT …/tags); the host's
 * field errors show under their fields.
 */
export function CustomerEditDialog({ open, customer, onClose, onSaved }: { open: boolean; customer: Customer; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const { error, response } = await api.PUT("/api/directory/customers/{id}", {
        params: { path: { id: customer.id } },
        // An emptied field is sent empty (it clears); the host keeps fields left out.
        body: { name: values.name.trim(), company: values.company ?? "", phone: values.phone ?? "", notes: values.notes ?? "", emails: values.emails },
      });
      if (!response.ok) {
        const errors = fieldErrors(error);
        const fields = Object.entries(errors).map(([field, messages]) => ({ name: field.replace(/\[\d+\]$/, "") as keyof Values, errors: messages }));
        if (fields.length > 0)
          form.setFields(fields);
        else
          void message.error(problemMessage(error, response));
        return;
      }
      const tags = values.tags.map(tag => tag.trim()).filter(tag => tag.length > 0);
      if (tags.join("\n") !== customer.tags.join("\n")) {
        const tagged = await api.PUT("/api/directory/customers/{id}/tags", { params: { path: { id: customer.id } }, body: { tags } });
        if (!tagged.response.ok) {
          form.setFields([{ name: "tags", errors: [problemMessage(tagged.error, tagged.response)] }]);
          return;
        }
      }
      void message.success(t("customer.edit.saved"));
      onSaved();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t("customer.edit.title")} okText={t("customer.edit.save")} cancelText={t("customer.edit.cancel")}
           confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} onFinish={v => void save(v)}
            initialValues={{ name: customer.name, company: customer.company ?? "", phone: customer.phone ?? "", notes: customer.notes ?? "", emails: customer.emails, tags: customer.tags }}>
        <Form.Item name="name" label={t("customer.edit.name")} rules={[{ required: true, whitespace: true, message: t("customer.edit.nameRequired") }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="company" label={t("customer.company")}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="emails" label={t("customer.edit.emails")} extra={t("customer.edit.emailsHelp")}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[",", ";", " ", "，", "；"]} aria-label={t("customer.edit.emails")} />
        </Form.Item>
        <Form.Item name="phone" label={t("customer.phone")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="tags" label={t("customer.tags")} extra={t("customer.edit.tagsHelp")}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[",", "，"]} aria-label={t("customer.tags")} />
        </Form.Item>
        <Form.Item name="notes" label={t("customer.notes")}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
