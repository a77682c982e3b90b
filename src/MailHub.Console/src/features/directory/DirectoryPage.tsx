import type { ReactNode } from "react";
import { Tabs, Typography } from "antd";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { CustomersTab } from "./CustomersTab";
import { ImportTab } from "./ImportTab";
import { SourcesTab } from "./SourcesTab";
import "./directory.css";

const tabs: { key: string; label: MessageKey; page: ReactNode }[] = [
  { key: "import", label: "directory.tab.import", page: <ImportTab /> },
  { key: "sources", label: "directory.tab.sources", page: <SourcesTab /> },
  { key: "customers", label: "directory.tab.customers", page: <CustomersTab /> },
];

/**
 * /admin/directory/<tab>: the import wizard and the export, the sync sources, the customers. The team tree and the
 * members are on /admin/people (the people feature).
 */
export function DirectoryPage() {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const key = location.pathname.split("/")[3];
  const active = tabs.find(tab => tab.key === key);
  if (!active)
    return <Navigate to={`/admin/directory/${tabs[0]!.key}`} replace />;

  return (
    <section className="directory-page" aria-labelledby="directory-title">
      <header>
        <Typography.Title level={3} id="directory-title" style={{ margin: 0 }}>{t("directory.title")}</Typography.Title>
        <Typography.Text type="secondary">{t("directory.help")} <Link to="/admin/people">{t("directory.peopleLink")}</Link></Typography.Text>
      </header>
      <Tabs activeKey={active.key} onChange={next => navigate(`/admin/directory/${next}`)}
            items={tabs.map(tab => ({ key: tab.key, label: t(tab.label), children: tab.key === active.key ? tab.page : null }))} />
    </section>
  );
}
