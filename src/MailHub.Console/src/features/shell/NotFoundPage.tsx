import { Button, Result } from "antd";
import { useNavigate } from "react-router";
import { useT } from "../../i18n/I18n";

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return <Result status="404" title="404" subTitle={t("shell.notFound")}
                 extra={<Button type="primary" onClick={() => navigate("/conversations")}>{t("shell.backHome")}</Button>} />;
}
