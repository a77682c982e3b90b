import { useState } from "react";
import { Alert, App, Button, Col, Row, Spin, Tabs, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useT } from "../../i18n/I18n";
import { RuleForm } from "./RuleForm";
import { RuleList } from "./RuleList";
import { TeamSettingsTab } from "./TeamSettingsTab";
import { TryRule } from "./TryRule";
import { useRoutingData, type Rule } from "./useRoutingData";
import "./rules.css";

/** /admin/rules: the routing rules (ordered, with "Try it") and the teams' routing settings. */
export function RulesPage() {
  const t = useT();
  const { message } = App.useApp();
  const [state, reload, showRules] = useRoutingData();
  const [editing, setEditing] = useState<Rule | "new" | null>(null);

  if (state.phase === "loading")
    return <Spin />;
  if (state.phase === "failed")
    return <Alert type="error" role="alert" title={t("rules.error.load")} />;
  const data = state.data;

  return (
    <section aria-labelledby="rules-title">
      <Typography.Title level={3} id="rules-title">{t("rules.title")}</Typography.Title>
      <Tabs items={[
        {
          key: "rules", label: t("rules.tab.rules"),
          children: (
            <Row gutter={[24, 24]}>
              <Col xs={24} xl={15}>
                <div className="rules-toolbar">
                  <Typography.Text type="secondary">{t("rules.intro")}</Typography.Text>
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>{t("rules.add")}</Button>
                </div>
                <RuleList data={data} onEdit={setEditing} onShow={showRules} onChanged={reload} />
              </Col>
              <Col xs={24} xl={9}>
                <TryRule data={data} />
              </Col>
            </Row>
          ),
        },
        { key: "teams", label: t("rules.tab.teams"), children: <TeamSettingsTab data={data} onChanged={reload} /> },
      ]} />
      <RuleForm rule={editing} data={data} onClose={() => setEditing(null)}
                onSaved={() => { setEditing(null); void message.success(t("rules.saved")); void reload(); }} />
    </section>
  );
}
