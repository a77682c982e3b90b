// /conversations: the list (views, status tabs, filters, search, infinite scroll, multi-select, j/k/Enter, live), and
// beside it on a wide screen the open conversation (/conversations/:id, the thread feature's page, in the Outlet).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Outlet, useLocation, useMatch, useNavigate, useSearchParams } from "react-router";
import { Alert, Button, Checkbox, Empty, Spin } from "antd";
import type { InputRef } from "antd";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { ConversationRow } from "./ConversationRow";
import { ListToolbar } from "./ListToolbar";
import { BulkActions } from "./BulkActions";
import { readQuery, seesAll, views, writeQuery, type ListQuery } from "./listQuery";
import { useConversationPages } from "./useConversationPages";
import { useViewCounts } from "./useViewCounts";
import { useDirectory } from "./useDirectory";
import { useLiveList } from "./useLiveList";
import { useListKeys } from "./useListKeys";
import "./list.css";

// Changes that bring something new to read; a status or assignment change is not "new activity".
const newActivity = new Set(["opened", "message", "reopened"]);

export function ConversationsPage() {
  const t = useT();
  const account = useAccount();
  const role = account.role;
  const [search, setSearch] = useSearchParams();
  const query = useMemo(() => readQuery(search, role), [search, role]);
  // The open conversation's id, from the URL: the thread's route below this one has it, this page's params do not.
  const openId = useMatch("/conversations/:id/*")?.params.id;
  const location = useLocation();
  const navigate = useNavigate();
  const pages = useConversationPages(query, account.id);
  const { counts, refresh: refreshCounts } = useViewCounts(query.status);
  const directory = useDirectory();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [tagsSeen, setTagsSeen] = useState<readonly string[]>([]);
  const listRef = useRef<HTMLUListElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<InputRef>(null);

  const change = useCallback((next: Partial<ListQuery>) => {
    setSearch(writeQuery({ ...readQuery(new URLSearchParams(window.location.search), role), ...next }, role));
  }, [setSearch, role]);

  // Another list, another selection.
  const listKey = `${query.view}|${query.status}|${query.mailbox}|${query.tag}|${query.priority}|${query.q}|${query.sort}`;
  useEffect(() => setSelected(new Set()), [listKey]);

  // The open conversation is the list's current one, and no longer "new".
  useEffect(() => {
    if (!openId)
      return;
    setActiveId(openId);
    setFresh(f => f.has(openId) ? new Set([...f].filter(id => id !== openId)) : f);
  }, [openId]);

  // The tag filter offers every tag the list has shown.
  useEffect(() => {
    const tags = new Set(tagsSeen);
    for (const item of pages.items)
      item.tags.forEach(tag => tags.add(tag));
    if (tags.size !== tagsSeen.length)
      setTagsSeen([...tags].sort());
  }, [pages.items, tagsSeen]);

  const { refresh } = pages;
  useLiveList(
    useCallback(async changed => { await Promise.all([refresh(changed), refreshCounts()]); }, [refresh, refreshCounts]),
    useCallback(push => {
      if (newActivity.has(push.change) && push.conversationId !== openId)
        setFresh(f => new Set(f).add(push.conversationId));
    }, [openId]));

  const hrefOf = useCallback((id: string) => `/conversations/${id}${location.search}`, [location.search]);
  const ids = useMemo(() => pages.items.map(i => i.id), [pages.items]);

  const move = useCallback((id: string) => {
    setActiveId(id);
    const link = listRef.current?.querySelector<HTMLElement>(`[data-conversation="${id}"] .list-row-subject`);
    link?.focus({ preventScroll: true });
    link?.closest("li")?.scrollIntoView({ block: "nearest" });
  }, []);

  const toggle = useCallback((id: string, on?: boolean) => setSelected(s => {
    const next = new Set(s);
    if (on ?? !next.has(id))
      next.add(id);
    else
      next.delete(id);
    return next;
  }), []);

  const openRow = useCallback((id: string) => navigate(hrefOf(id)), [navigate, hrefOf]);

  const { loadMore } = pages;
  useListKeys({
    ids,
    activeId: activeId !== null && ids.includes(activeId) ? activeId : null,
    move,
    open: openRow,
    toggle: id => toggle(id),
    search: () => searchRef.current?.focus(),
    nearEnd: loadMore,
  });

  // Infinite scroll: the list's end coming into view reads the next page. The viewport is the root, so the end counts
  // as seen only where the list's own scrolling shows it (an ancestor's scroll clips it otherwise).
  useEffect(() => {
    const end = endRef.current;
    if (!end || !pages.hasMore)
      return;
    const observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting))
        loadMore();
    });
    observer.observe(end);
    return () => observer.disconnect();
  }, [pages.hasMore, pages.items.length, loadMore]);

  const onBulkDone = useCallback((succeeded: readonly string[]) => {
    setSelected(s => new Set([...s].filter(id => !succeeded.includes(id))));
    void Promise.all([refresh(succeeded), refreshCounts()]);
  }, [refresh, refreshCounts]);

  const mailboxNames = useMemo(() => new Map(directory.mailboxes.map(m => [m.id, m.displayName || m.name])), [directory.mailboxes]);
  const shownViews = seesAll(role) ? views : views.filter(v => v !== "all");
  const allSelected = ids.length > 0 && ids.every(id => selected.has(id));
  const tabStop = activeId !== null && ids.includes(activeId) ? activeId : ids[0];

  return (
    <div className={openId ? "list-layout list-layout-open" : "list-layout"}>
      <section className="list-pane" aria-label={t("list.title")}>
        <ListToolbar query={query} views={shownViews} counts={counts} directory={directory} knownTags={tagsSeen}
          searchRef={searchRef} onChange={change} />
        <div className="list-header">
          <Checkbox
            aria-label={t("list.selectAll")}
            checked={allSelected}
            indeterminate={selected.size > 0 && !allSelected}
            disabled={ids.length === 0}
            onChange={e => setSelected(e.target.checked ? new Set(ids) : new Set())}
          />
          <BulkActions selected={[...selected]} me={account.id} directory={directory} onDone={onBulkDone}
            onClear={() => setSelected(new Set())} />
          {selected.size === 0 && <span className="list-hint" aria-hidden>{t("list.shortcuts")}</span>}
        </div>
        <div className="list-scroll">
          {pages.phase === "failed" && (
            <Alert type="error" showIcon title={t("list.failed", { reason: pages.error ?? "" })}
              action={<Button size="small" onClick={pages.retry}>{t("list.retry")}</Button>} />
          )}
          <ul ref={listRef} className="list-rows" aria-label={t("list.conversations")} aria-busy={pages.phase === "loading"}>
            {pages.items.map(item => (
              <ConversationRow
                key={item.id}
                item={item}
                href={hrefOf(item.id)}
                mailboxName={mailboxNames.get(item.mailboxId)}
                active={item.id === tabStop}
                open={item.id === openId}
                selected={selected.has(item.id)}
                fresh={fresh.has(item.id)}
                onSelect={toggle}
                onActivate={setActiveId}
                onOpen={openRow}
              />
            ))}
          </ul>
          {pages.phase === "loading" && <div className="list-state"><Spin /> <span>{t("list.loading")}</span></div>}
          {pages.phase === "ready" && pages.items.length === 0 && (
            <Empty className="list-state" description={query.q.trim() ? t("list.emptySearch", { q: query.q.trim() }) : t("list.empty")} />
          )}
          <div ref={endRef} className="list-end">
            {pages.hasMore && (
              <Button type="link" loading={pages.loadingMore} onClick={loadMore}>{t("list.loadMore")}</Button>
            )}
            {pages.phase === "ready" && !pages.hasMore && pages.items.length > 0 && <span className="list-done">{t("list.end")}</span>}
            {pages.phase === "ready" && pages.error && <span className="list-bulk-failed">{t("list.failed", { reason: pages.error })}</span>}
          </div>
        </div>
      </section>
      <div className="list-detail">
        {openId ? <Outlet /> : <Empty className="list-state" description={t("list.openHint")} />}
      </div>
    </div>
  );
}
