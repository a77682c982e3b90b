// Above the list: the views with their counts, the status tabs, the search box, the filters and the sort.
import { useEffect, useRef, useState } from "react";
import { Input, Segmented, Select, Tabs } from "antd";
import type { InputRef } from "antd";
import { CloseCircleFilled, SearchOutlined } from "@ant-design/icons";
import { useT } from "../../i18n/I18n";
import { priorities, sorts, statuses, type ListQuery, type View } from "./listQuery";
import type { ViewCounts } from "./useViewCounts";
import type { Directory } from "./useDirectory";

// Typing pauses this long before the list is searched (the list's requests are rate limited per account).
const typingPause = 300;

interface Props {
  query: ListQuery;
  views: readonly View[];
  counts: ViewCounts | null;
  directory: Directory;
  knownTags: readonly string[];
  searchRef: React.RefObject<InputRef | null>;
  onChange(change: Partial<ListQuery>): void;
}

export function ListToolbar({ query, views, counts, directory, knownTags, searchRef, onChange }: Props) {
  const t = useT();
  const [text, setText] = useState(query.q);
  const typed = useRef(query.q);

  // The URL changed the search (back, a link): the box follows.
  useEffect(() => {
    if (query.q !== typed.current) {
      typed.current = query.q;
      setText(query.q);
    }
  }, [query.q]);

  useEffect(() => {
    if (text === typed.current)
      return;
    const timer = setTimeout(() => {
      typed.current = text;
      onChange({ q: text });
    }, typingPause);
    return () => clearTimeout(timer);
  }, [text, onChange]);

  const search = (value: string) => {
    typed.current = value;
    setText(value);
    onChange({ q: value });
  };

  return (
    <div className="list-toolbar">
      <Segmented<View>
        aria-label={t("list.views")}
        className="list-views"
        block
        value={query.view}
        onChange={view => onChange({ view })}
        options={views.map(view => {
          const count = counts?.[view];
          return {
            value: view,
            label: (
              <span className="list-view">
                {t(`list.view.${view}`)}
                {typeof count === "number" && <>{" "}<span className="list-view-count">{count}</span></>}
              </span>
            ),
          };
        })}
      />
      <Tabs
        className="list-status"
        size="small"
        activeKey={query.status}
        onChange={status => onChange({ status: status as ListQuery["status"] })}
        items={statuses.map(status => ({ key: status, label: t(`list.status.${status}`) }))}
      />
      <Input
        ref={searchRef}
        type="search"
        prefix={<SearchOutlined aria-hidden />}
        allowClear={{ clearIcon: <CloseCircleFilled aria-label={t("list.search.clear")} /> }}
        aria-label={t("list.search")}
        aria-keyshortcuts="/"
        placeholder={t("list.search.placeholder")}
        value={text}
        onChange={e => setText(e.target.value)}
        onPressEnter={() => search(text)}
        onClear={() => search("")}
      />
      <div className="list-filters">
        <Select
          aria-label={t("list.filter.mailbox")}
          allowClear
          placeholder={t("list.filter.anyMailbox")}
          value={query.mailbox ?? undefined}
          onChange={(mailbox?: string) => onChange({ mailbox: mailbox ?? null })}
          options={directory.mailboxes.map(m => ({ value: m.id, label: m.displayName || m.name }))}
          popupMatchSelectWidth={false}
        />
        <Select
          aria-label={t("list.filter.tag")}
          allowClear
          mode="tags"
          maxCount={1}
          placeholder={t("list.filter.anyTag")}
          value={query.tag ? [query.tag] : []}
          onChange={(tags: string[]) => onChange({ tag: tags.at(-1)?.trim() || null })}
          options={knownTags.map(tag => ({ value: tag, label: tag }))}
          popupMatchSelectWidth={false}
        />
        <Select
          aria-label={t("list.filter.priority")}
          allowClear
          placeholder={t("list.filter.anyPriority")}
          value={query.priority ?? undefined}
          onChange={(priority?: ListQuery["priority"]) => onChange({ priority: priority ?? null })}
          options={priorities.map(p => ({ value: p, label: t(`list.priority.${p}`) }))}
          popupMatchSelectWidth={false}
        />
        <Select
          aria-label={t("list.sort")}
          value={query.sort}
          onChange={(sort: ListQuery["sort"]) => onChange({ sort })}
          options={sorts.map(s => ({ value: s, label: t(`list.sort.${s}`) }))}
          popupMatchSelectWidth={false}
        />
      </div>
    </div>
  );
}
