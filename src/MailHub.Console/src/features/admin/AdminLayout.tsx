import { Layout, Menu, Result } from "antd";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { adminSections } from "./sections";

/** Who may open a section: admins every one, others only where the section names their role. */
export function canOpen(role: string, roles: readonly string[] | undefined) {
  return role === "admin" || (roles?.includes(role) ?? false);
}

/** The admin area: a side menu of its sections beside the open one. */
export function AdminLayout() {
  const t = useT();
  const account = useAccount();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = adminSections.filter(s => canOpen(account.role, s.roles));
  if (sections.length === 0)
    return <Result status="403" title="403" subTitle={t("admin.forbidden")} />;

  const open = location.pathname.split("/")[2] ?? "";
  return (
    <Layout className="admin">
      <Layout.Sider width={232} theme="light" className="admin-sider">
        <Menu mode="inline" aria-label={t("admin.navigation")} selectedKeys={[open]}
              onClick={({ key }) => navigate(`/admin/${key}`)}
              items={sections.map(s => ({ key: s.path, icon: s.icon, label: t(s.label) }))} />
      </Layout.Sider>
      <Layout.Content className="admin-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

/** /admin alone opens the first section the account may see. */
export function AdminHome() {
  const account = useAccount();
  const first = adminSections.find(s => canOpen(account.role, s.roles));
  return <Navigate to={first ? `/admin/${first.path}` : "/conversations"} replace />;
}
