import { Tabs, Typography } from "antd";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useT } from "../../i18n/I18n";
import { sandboxTabs } from "./tabs";
import "./sandbox.css";

/** /admin/sandbox/<tab>/...: the QA sandbox, a tab per tool (captured mail first). */
export function SandboxPage() {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const key = location.pathname.split("/")[3];
  const active = sandboxTabs.find(tab => tab.key === key);
  if (!active)
    return <Navigate to={`/admin/sandbox/${sandboxTabs[0]!.key}`} replace />;

  return (
    <section className="sandbox-page" aria-labelledby="sandbox-title">
      <header>
        <Typography.Title level={3} id="sandbox-title" style={{ margin: 0 }}>{t("sandbox.title")}</Typography.Title>
        <Typography.Text type="secondary">{t("sandbox.help")}</Typography.Text>
      </header>
      <Tabs activeKey={active.key} onChange={next => navigate(`/admin/sandbox/${next}`)}
            items={sandboxTabs.map(tab => ({ key: tab.key, label: t(tab.label), children: tab.key === active.key ? tab.page : null }))} />
    </section>
  );
}
