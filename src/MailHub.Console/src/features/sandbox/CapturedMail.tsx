import { useEffect, useState } from "react";
import { Alert, App, Button, Empty, Input, Popconfirm, Popover, Space, Spin, Tag, Typography } from "antd";
import { DeleteOutlined, QuestionCircleOutlined, SearchOutlined } from "@ant-design/icons";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api";
import { formatRelative, useLocale, useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { CapturedMessage } from "./CapturedMessage";
import { sandboxProblem } from "./problems";
import { useSandboxList } from "./useSandboxList";

/** The typing pause before a search is read. */
const searchDelay = 300;

/** /admin/sandbox/messages[/:id]?q=: captured mail newest first beside the one open, like Mailpit. */
export function CapturedMail() {
  const t = useT();
  const [locale] = useLocale();
  const { message } = App.useApp();
  const account = useAccount();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [typed, setTyped] = useState(q);
  const openId = location.pathname.split("/")[4] || null;
  const list = useSandboxList(q);
  const isAdmin = account.role === "admin";

  useEffect(() => {
    if (typed === q)
      return;
    const timer = setTimeout(() => setParams(typed ? { q: typed } : {}, { replace: true }), searchDelay);
    return () => clearTimeout(timer);
  }, [typed, q, setParams]);

  const filterTag = (tag: string) => {
    const next = `tag:${tag}`;
    setTyped(next);
    setParams({ q: next }, { replace: true });
  };

  const open = (id: string | null) => navigate({ pathname: id ? `/admin/sandbox/messages/${id}` : "/admin/sandbox/messages", search: location.search });

  async function deleteAll() {
    try {
      const { data, error, response } = await api.DELETE("/api/sandbox/messages", { params: { query: {} } });
      if (data) {
        void message.success(t("sandbox.deletedAll", { count: data.deleted }));
        open(null);
        list.reload();
      } else {
        void message.error(sandboxProblem(t, error, response));
      }
    } catch {
      void message.error(t("sandbox.unreachable"));
    }
  }

  return (
    <div className="sandbox-layout">
      <div className="sandbox-list-pane">
        <Space className="sandbox-toolbar" wrap>
          <Input type="search" allowClear prefix={<SearchOutlined aria-hidden />} value={typed} onChange={e => setTyped(e.target.value)}
                 placeholder={t("sandbox.search")} aria-label={t("sandbox.searchLabel")} style={{ width: 280 }} />
          <Popover trigger="click" title={t("sandbox.searchHelpTitle")} content={<SearchHelp />}>
            <Button icon={<QuestionCircleOutlined aria-hidden />} aria-label={t("sandbox.searchHelp")} />
          </Popover>
          <Typography.Text type="secondary" aria-live="polite">{t("sandbox.count", { count: list.total })}</Typography.Text>
          {isAdmin && (
            <Popconfirm title={t("sandbox.deleteAllConfirm")} okText={t("sandbox.deleteAll")} cancelText={t("sandbox.cancel")}
                        okButtonProps={{ danger: true }} onConfirm={deleteAll}>
              <Button danger icon={<DeleteOutlined aria-hidden />} disabled={list.total === 0}>{t("sandbox.deleteAll")}</Button>
            </Popconfirm>
          )}
        </Space>
        {list.failed && (
          <Alert type="error" showIcon role="alert" title={t("sandbox.loadFailed", { reason: sandboxProblem(t, list.failed.problem, list.failed.response) })}
                 action={<Button size="small" onClick={list.reload}>{t("sandbox.retry")}</Button>} />
        )}
        {list.items.length === 0 && !list.loading && !list.failed && (
          <Empty description={q ? t("sandbox.noMatch", { q }) : t("sandbox.empty")} />
        )}
        <ul className="sandbox-list" aria-label={t("sandbox.list")}>
          {list.items.map(item => (
            <li key={item.id} className={`sandbox-item${item.id === openId ? " sandbox-item-open" : ""}${item.read ? "" : " sandbox-item-unread"}`}>
              <a href={`/admin/sandbox/messages/${item.id}${location.search}`} aria-current={item.id === openId ? "true" : undefined}
                 onClick={e => { e.preventDefault(); open(item.id); }}>
                <span className="sandbox-item-top">
                  <span className="sandbox-item-to">{item.to ?? item.rcptTo.join(", ")}</span>
                  <time dateTime={item.capturedAt} className="sandbox-item-time">{formatRelative(item.capturedAt, locale)}</time>
                </span>
                <span className="sandbox-item-subject">
                  {!item.read && <span className="sandbox-visually-hidden">{t("sandbox.unread")}: </span>}
                  {item.subject || t("sandbox.noSubject")}
                </span>
                {item.tags.length > 0 && (
                  <span className="sandbox-item-tags">{item.tags.map(tag => <Tag key={tag} color="geekblue">{tag}</Tag>)}</span>
                )}
                <span className="sandbox-item-from">{item.from ?? item.mailFrom}</span>
              </a>
            </li>
          ))}
        </ul>
        {list.loading && list.items.length === 0 && <Spin />}
        {list.next && <Button block onClick={list.more} loading={list.loading}>{t("sandbox.more")}</Button>}
      </div>
      <div className="sandbox-detail-pane">
        {openId
          ? <CapturedMessage key={openId} id={openId} canDelete={isAdmin} onDeleted={() => { open(null); list.reload(); }}
                             onChanged={list.reload} onFilterTag={filterTag} />
          : <Empty description={t("sandbox.pick")} />}
      </div>
    </div>
  );
}

/** Mailpit's search syntax, as GET /api/sandbox/messages?q= takes it. */
function SearchHelp() {
  const t = useT();
  const terms: [string, string][] = [
    ["from:ann@example.com", t("sandbox.help.from")],
    ["to:kefu", t("sandbox.help.to")],
    ["subject:\"order 42\"", t("sandbox.help.subject")],
    ["message-id:<id@host>", t("sandbox.help.messageId")],
    ["tag:checkout", t("sandbox.help.tag")],
    ["has:attachment", t("sandbox.help.attachment")],
    ["is:unread / is:read", t("sandbox.help.unread")],
    ["after:2026-12-01 before:2026-12-08", t("sandbox.help.dates")],
    ["!from:noreply", t("sandbox.help.not")],
    ["refund", t("sandbox.help.words")],
  ];
  return (
    <dl className="sandbox-search-help">
      {terms.map(([term, meaning]) => (
        <div key={term}><dt><Typography.Text code>{term}</Typography.Text></dt><dd>{meaning}</dd></div>
      ))}
    </dl>
  );
}
