import { useState } from "react";
import { App, Button, InputNumber, Select, Table, Typography } from "antd";
import { api, type Schemas } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { useT } from "../../i18n/I18n";
import { strategies } from "./describe";
import { routingError } from "./routingErrors";
import type { RoutingData } from "./useRoutingData";

interface Draft {
  strategy: string;
  defaultCapacity: number | null;
}

/** Each team's strategy and default capacity (PUT /api/routing/teams/{teamId}), saved row by row. */
export function TeamSettingsTab({ data, onChanged }: { data: RoutingData; onChanged: () => Promise<void> }) {
  const t = useT();
  const { message } = App.useApp();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState<string | null>(null);

  const current = (team: Schemas["Department"]): Draft => {
    const saved = data.teamSettings.find(s => s.teamId === team.id);
    return drafts[team.id] ?? { strategy: saved?.strategy ?? "round-robin", defaultCapacity: saved?.defaultCapacity ?? null };
  };
  const change = (team: Schemas["Department"], patch: Partial<Draft>) =>
    setDrafts(d => ({ ...d, [team.id]: { ...current(team), ...patch } }));

  async function save(team: Schemas["Department"]) {
    setSaving(team.id);
    try {
      const draft = current(team);
      const { error, response } = await api.PUT("/api/routing/teams/{teamId}", {
        params: { path: { teamId: team.id } }, body: { strategy: draft.strategy, defaultCapacity: draft.defaultCapacity },
      });
      if (response.ok) {
        void message.success(t("rules.teams.saved", { name: team.name }));
        setDrafts(d => { const { [team.id]: _, ...rest } = d; return rest; });
      } else {
        void message.error(routingError(t, error, response));
      }
      await onChanged();
    } catch {
      void message.error(t("rules.error.failed", { detail: "network" }));
    } finally {
      setSaving(null);
    }
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t("rules.teams.intro")}</Typography.Paragraph>
      <Table<Schemas["Department"]> rowKey="id" dataSource={data.teams} pagination={false} aria-label={t("rules.teams.table")}
                                    locale={{ emptyText: t("rules.teams.none") }}
                                    columns={[
                                      { key: "name", title: t("rules.teams.team"), dataIndex: "name" },
                                      {
                                        key: "strategy", title: t("rules.teams.strategy"), width: 280,
                                        render: (_, team) => (
                                          <Select value={current(team).strategy} style={{ width: 260 }}
                                                  aria-label={t("rules.teams.strategyOf", { name: team.name })}
                                                  onChange={strategy => change(team, { strategy })}
                                                  options={strategies.map(s => ({ value: s, label: t(`rules.strategy.${s}` as MessageKey) }))} />
                                        ),
                                      },
                                      {
                                        key: "capacity", title: <span title={t("rules.teams.capacityHint")}>{t("rules.teams.capacity")}</span>, width: 170,
                                        render: (_, team) => (
                                          <InputNumber min={0} max={1000} value={current(team).defaultCapacity}
                                                       aria-label={t("rules.teams.capacityOf", { name: team.name })}
                                                       onChange={value => change(team, { defaultCapacity: value ?? null })} />
                                        ),
                                      },
                                      {
                                        key: "save", width: 100,
                                        render: (_, team) => (
                                          <Button type={drafts[team.id] ? "primary" : "default"} loading={saving === team.id}
                                                  aria-label={t("rules.teams.saveOf", { name: team.name })} onClick={() => void save(team)}>
                                            {t("rules.teams.save")}
                                          </Button>
                                        ),
                                      },
                                    ]} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t("rules.teams.capacityHint")}</Typography.Paragraph>
    </>
  );
}
