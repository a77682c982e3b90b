import { Button, Card, Table, Tooltip, Typography } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import type { MessageKey } from "../../i18n/catalog";
import { formatDateTime, useLocale, useT, type Translate } from "../../i18n/I18n";
import type { Refusal, RefusalPage } from "./types";

const stages = new Set(["connect", "session", "AUTH", "MAIL", "RCPT", "DATA", "BDAT"]);
const explained = new Set([421, 451, 452, 454, 530, 535, 538, 550, 552, 554]);

function stageOf(t: Translate, stage: string) {
  return stages.has(stage) ? t(`smtp.stage.${stage}` as MessageKey) : stage;
}

/** Why relays were refused: the node's last refusals, newest first, each with what it means where we can say. */
export function RefusalsCard({ page, loading, onRefresh }: { page: RefusalPage | null; loading: boolean; onRefresh: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  return (
    <Card title={t("smtp.refusals")} size="small" className="smtp-card"
          extra={<Button icon={<ReloadOutlined aria-hidden />} loading={loading} onClick={onRefresh}>{t("smtp.refresh")}</Button>}>
      {page && (
        <Typography.Paragraph type="secondary">
          {t("smtp.refusals.help", { kept: page.kept, node: page.node, total: page.total })}
        </Typography.Paragraph>
      )}
      <Table<Refusal> size="small" dataSource={page?.refusals ?? []} loading={loading && !page} aria-label={t("smtp.refusals")}
        rowKey={(r, i) => `${r.at}-${i}`} pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t("smtp.refusals.none") }} scroll={{ x: "max-content" }}
        columns={[
          { title: t("smtp.refusals.at"), render: (_, r) => formatDateTime(r.at, locale), width: 170 },
          { title: t("smtp.refusals.remote"), dataIndex: "remoteAddress" },
          { title: t("smtp.refusals.endpoint"), dataIndex: "endpoint" },
          { title: t("smtp.refusals.stage"), render: (_, r) => stageOf(t, r.stage) },
          {
            title: t("smtp.refusals.reply"),
            render: (_, r) => (
              <div className="smtp-reply">
                <Typography.Text code>{`${r.code} ${r.reply}`}</Typography.Text>
                {explained.has(r.code) && <Typography.Text type="secondary">{t(`smtp.why.${r.code}` as MessageKey)}</Typography.Text>}
              </div>
            ),
          },
          { title: t("smtp.refusals.account"), render: (_, r) => r.userName && <Tooltip title={r.userName}><Typography.Text code>{r.userName}</Typography.Text></Tooltip> },
          { title: t("smtp.refusals.argument"), render: (_, r) => r.argument && <Typography.Text>{r.argument}</Typography.Text> },
        ]} />
    </Card>
  );
}
