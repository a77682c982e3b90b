import { useState } from "react";
import { App, Button, Popconfirm, Space, Switch, Table, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, HolderOutlined } from "@ant-design/icons";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";
import { describeActions, describeConditions } from "./describe";
import { routingError } from "./routingErrors";
import type { RoutingData, Rule } from "./useRoutingData";

interface Props {
  data: RoutingData;
  onEdit: (rule: Rule) => void;
  /** Shows the rules in this order at once (a drag, an arrow) while it is saved. */
  onShow: (rules: Rule[]) => void;
  onChanged: () => Promise<void>;
}

/**
 * The rules in the order they are tried. A row's handle drags it (HTML drag and drop); the arrows do the same from the
 * keyboard. Every move saves the whole order (PUT /api/routing/rules/order), and the list is read again after.
 */
export function RuleList({ data, onEdit, onShow, onChanged }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);

  async function reorder(rules: Rule[]) {
    onShow(rules);
    try {
      const { error, response } = await api.PUT("/api/routing/rules/order", { body: { ruleIds: rules.map(r => r.id) } });
      if (response.ok)
        void message.success(t("rules.reordered"));
      else
        void message.error(routingError(t, error, response));
    } catch {
      void message.error(t("rules.error.failed", { detail: "network" }));
    }
    await onChanged();
  }

  function move(from: number, to: number) {
    if (to < 0 || to >= data.rules.length || from === to)
      return;
    const rules = [...data.rules];
    const [rule] = rules.splice(from, 1);
    if (!rule)
      return;
    rules.splice(to, 0, rule);
    void reorder(rules);
  }

  async function toggle(rule: Rule, enabled: boolean) {
    const { error, response } = await api.PUT("/api/routing/rules/{id}", {
      params: { path: { id: rule.id } },
      body: { name: rule.name, order: rule.order, conditions: rule.conditions, assignTo: rule.assignTo, strategy: rule.strategy, enabled,
        tags: rule.tags, priority: rule.priority },
    });
    if (!response.ok)
      void message.error(routingError(t, error, response));
    await onChanged();
  }

  async function remove(rule: Rule) {
    const { error, response } = await api.DELETE("/api/routing/rules/{id}", { params: { path: { id: rule.id } } });
    if (response.ok)
      void message.success(t("rules.deleted"));
    else
      void message.error(routingError(t, error, response));
    await onChanged();
  }

  return (
    <Table<Rule> rowKey="id" dataSource={data.rules} pagination={false} size="middle" aria-label={t("rules.table")}
                 locale={{ emptyText: t("rules.empty") }}
                 rowClassName={rule => rule.id === over && dragged && dragged !== rule.id ? "rules-drop-target" : ""}
                 onRow={(rule, index) => ({
                   onDragOver: e => { if (dragged) { e.preventDefault(); setOver(rule.id); } },
                   onDragLeave: () => setOver(o => (o === rule.id ? null : o)),
                   onDrop: e => {
                     e.preventDefault();
                     const from = data.rules.findIndex(r => r.id === dragged);
                     setDragged(null);
                     setOver(null);
                     if (from >= 0 && index !== undefined)
                       move(from, index);
                   },
                 })}
                 columns={[
                   {
                     key: "order", title: t("rules.column.order"), width: 120,
                     render: (_, rule, index) => (
                       <Space size={2}>
                         <span className="rules-handle" draggable role="button" tabIndex={-1} aria-label={t("rules.drag", { name: rule.name })}
                               onDragStart={e => { e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", rule.id); setDragged(rule.id); }}
                               onDragEnd={() => { setDragged(null); setOver(null); }}>
                           <HolderOutlined />
                         </span>
                         <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0}
                                 aria-label={t("rules.moveUp", { name: rule.name })} onClick={() => move(index, index - 1)} />
                         <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === data.rules.length - 1}
                                 aria-label={t("rules.moveDown", { name: rule.name })} onClick={() => move(index, index + 1)} />
                       </Space>
                     ),
                   },
                   { key: "name", title: t("rules.column.name"), render: (_, rule) => <Typography.Text strong>{rule.name}</Typography.Text> },
                   {
                     key: "when", title: t("rules.column.when"),
                     render: (_, rule) => describeConditions(rule, data, t).map(line => <div key={line}>{line}</div>),
                   },
                   {
                     key: "then", title: t("rules.column.then"),
                     render: (_, rule) => describeActions(rule, data, t).map(line => <div key={line}>{line}</div>),
                   },
                   {
                     key: "enabled", title: t("rules.column.enabled"), width: 90,
                     render: (_, rule) => <Switch checked={rule.enabled} aria-label={t("rules.enable", { name: rule.name })}
                                                  onChange={enabled => void toggle(rule, enabled)} />,
                   },
                   {
                     key: "actions", title: t("rules.column.actions"), width: 110,
                     render: (_, rule) => (
                       <Space>
                         <Button icon={<EditOutlined />} aria-label={t("rules.edit", { name: rule.name })} onClick={() => onEdit(rule)} />
                         <Popconfirm title={t("rules.deleteConfirm", { name: rule.name })} onConfirm={() => remove(rule)}>
                           <Button danger icon={<DeleteOutlined />} aria-label={t("rules.delete", { name: rule.name })} />
                         </Popconfirm>
                       </Space>
                     ),
                   },
                 ]} />
  );
}
