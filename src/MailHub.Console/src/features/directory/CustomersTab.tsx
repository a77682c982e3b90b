import { useCallback, useEffect, useState } from "react";
import { App, Button, Input, Space, Table } from "antd";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { CustomerEditDialog } from "../customer/CustomerEditDialog";
import type { Customer } from "../customer/types";

type Row = Schemas["CustomerResponse"];
const pageSize = 50;

/** /admin/directory/customers: the shared customers, searched by name, company or e-mail; Edit opens the agents' customer card form. */
export function CustomersTab() {
  const t = useT();
  const { message } = App.useApp();
  const [query, setQuery] = useState("");
  const [rows, setRows] = useState<Row[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<Customer>();

  const load = useCallback(async (q: string, offset: number) => {
    setLoading(true);
    try {
      const { data } = await api.GET("/api/directory/customers", { params: { query: { q: q.trim() || undefined, limit: pageSize, offset } } });
      const page = data ?? [];
      setRows(previous => offset === 0 ? page : [...previous, ...page]);
      setMore(page.length === pageSize);
    } catch {
      void message.error(t("directory.error.unreachable"));
    } finally {
      setLoading(false);
    }
  }, [message, t]);
  useEffect(() => { void load("", 0); }, [load]);

  const edit = async (row: Row) => {
    const { data } = await api.GET("/api/directory/customers/{id}", { params: { path: { id: row.id } } });
    if (data)
      setEditing(data);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Input.Search allowClear placeholder={t("directory.customers.search")} aria-label={t("directory.customers.search")} style={{ maxWidth: 400 }}
                    value={query} onChange={e => setQuery(e.target.value)} onSearch={q => void load(q, 0)} />
      <Table<Row> rowKey="id" size="middle" loading={loading} dataSource={rows} pagination={false}
                  locale={{ emptyText: t("directory.customers.none") }}
                  columns={[
                    { title: t("directory.customers.col.name"), dataIndex: "name" },
                    { title: t("directory.customers.col.company"), key: "company", render: (_, c) => c.company ?? "—" },
                    { title: t("directory.customers.col.emails"), key: "emails", render: (_, c) => c.emails.join(", ") },
                    { title: t("directory.customers.col.phone"), key: "phone", render: (_, c) => c.phone ?? "—" },
                    { title: t("directory.customers.col.actions"), key: "actions", render: (_, c) => (
                      <Button type="link" size="small" onClick={() => void edit(c)} aria-label={`${t("directory.customers.edit")} ${c.name}`}>
                        {t("directory.customers.edit")}</Button>) },
                  ]} />
      {more && <Button onClick={() => void load(query, rows.length)} loading={loading}>{t("directory.customers.more")}</Button>}
      {editing && <CustomerEditDialog open customer={editing} onClose={() => setEditing(undefined)}
                                      onSaved={() => { setEditing(undefined); void load(query, 0); }} />}
    </Space>
  );
}
