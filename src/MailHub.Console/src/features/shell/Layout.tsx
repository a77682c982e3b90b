import { Button, Dropdown, Layout as AntLayout, Menu, Space, Spin } from "antd";
import { UserOutlined } from "@ant-design/icons";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { useT } from "../../i18n/I18n";
import { useSession } from "../session/Session";
import { LanguageSwitch } from "./LanguageSwitch";
import { NotificationsBell } from "../notifications";
import { PresenceSwitch } from "../together";
import { adminSections, canOpen } from "../admin";

/** Signed-in pages: the header (navigation, presence, language, account) above the page. */
export function Layout() {
  const t = useT();
  const { account, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  if (account === undefined)
    return <div className="center-page"><Spin aria-label={t("shell.loading")} /></div>;
  if (account === null)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (account.mustChangePassword)
    return <Navigate to="/password" replace />;

  const section = "/" + (location.pathname.split("/")[1] ?? "");
  const menu = [{ key: "/conversations", label: t("shell.conversations") }];
  if (adminSections.some(s => canOpen(account.role, s.roles))) menu.push({ key: "/admin", label: t("admin.menu") });
  return (
    <AntLayout className="shell">
      <AntLayout.Header className="shell-header">
        <a href="/conversations" className="shell-brand" onClick={e => { e.preventDefault(); navigate("/conversations"); }}>{t("shell.brand")}</a>
        <Menu mode="horizontal" aria-label={t("shell.navigation")} selectedKeys={[section]} style={{ flex: 1, minWidth: 0 }}
              onClick={({ key }) => navigate(key)}
              items={menu} />
        <Space size="middle">
          <PresenceSwitch />
          <NotificationsBell />
          <LanguageSwitch />
          <Dropdown trigger={["click"]} menu={{
            items: [
              { key: "password", label: t("shell.changePassword"), onClick: () => navigate("/password") },
              { key: "sign-out", label: t("shell.signOut"), onClick: () => void signOut() },
            ],
          }}>
            <Button icon={<UserOutlined />} aria-label={t("shell.account")}>{account.name}</Button>
          </Dropdown>
        </Space>
      </AntLayout.Header>
      <AntLayout.Content className="shell-content">
        <Outlet />
      </AntLayout.Content>
    </AntLayout>
  );
}
