// The pages of GET /api/conversations for one query: the first page when the query changes, the next one (keyset
// cursor) when the list scrolls to its end, and a re-read of the first page when something changed live.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import { listParams, queryKey, type ListParams, type ListQuery } from "./listQuery";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
export type ConversationItem = Json<paths["/api/conversations"]["get"]>["items"][number];
type ConversationDetail = Json<paths["/api/conversations/{id}"]["get"]>;

export const pageSize = 50;

interface Pages {
  key: string;
  items: ConversationItem[];
  next: string | null;
  phase: "loading" | "ready" | "failed";
  error: string | null;
  loadingMore: boolean;
}

type PageResult = { ok: true; items: ConversationItem[]; next: string | null } | { ok: false; error: string };

async function readPage(params: ListParams, cursor: string | null, signal?: AbortSignal): Promise<PageResult> {
  try {
    const { data, error, response } = await api.GET("/api/conversations", {
      params: { query: cursor ? { ...params, cursor } : params },
      signal,
    });
    return data ? { ok: true, items: data.items, next: data.next ?? null } : { ok: false, error: problemMessage(error, response) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

// The first page asked for as soon as the sign-in answers, while the console still draws its frame: the list then
// takes it instead of asking only once it is mounted (a few hundred ms sooner on screen). Taken once, by the first list.
let early: { key: string; page: Promise<PageResult> } | null = null;

/** Reads the first page of <paramref>query</paramref> now, for the list about to be shown. */
export function readFirstPageEarly(query: ListQuery) {
  early = { key: queryKey(query), page: readPage(listParams(query, pageSize), null) };
}

function takeEarly(key: string): Promise<PageResult> | null {
  const taken = early?.key === key ? early.page : null;
  early = null;
  return taken;
}

/**
 * The fresh first page in place of the rows it covers, followed by the rows loaded after them that it does not
 * hold (a conversation that moved up is shown once, where the fresh page has it).
 */
function mergeFirstPage(old: ConversationItem[], fresh: ConversationItem[], freshNext: string | null, oldNext: string | null) {
  if (freshNext === null || old.length <= pageSize)
    return { items: fresh, next: freshNext };
  const freshIds = new Set(fresh.map(i => i.id));
  const last = fresh[fresh.length - 1];
  const at = last ? old.findIndex(i => i.id === last.id) : -1;
  const rest = (at >= 0 ? old.slice(at + 1) : old.slice(pageSize)).filter(i => !freshIds.has(i.id));
  return { items: [...fresh, ...rest], next: oldNext };
}

/** Whether a conversation, as its detail says now, still belongs in the list of <paramref>query</paramref>. */
function stillListed(detail: ConversationDetail, query: ListQuery, me: string): boolean {
  if (detail.status !== query.status)
    return false;
  if (query.mailbox && detail.mailboxId !== query.mailbox)
    return false;
  if (query.view === "mine" && detail.assignee?.id !== me)
    return false;
  if (query.view === "unassigned" && detail.assignee)
    return false;
  if (query.tag && !detail.tags.includes(query.tag))
    return false;
  return !query.priority || detail.priority === query.priority;
}

function fromDetail(row: ConversationItem, d: ConversationDetail): ConversationItem {
  return {
    ...row,
    subject: d.subject, status: d.status, customer: d.customer, assignee: d.assignee ?? null, team: d.team ?? null,
    lastMessageAt: d.lastMessageAt, messageCount: d.messageCount, closedAt: d.closedAt ?? null, tags: d.tags,
    priority: d.priority, snoozedUntil: d.snoozedUntil ?? null, waitingSince: d.waitingSince ?? null, preview: d.preview ?? null,
  };
}

export interface ConversationPages {
  items: ConversationItem[];
  hasMore: boolean;
  phase: Pages["phase"];
  error: string | null;
  loadingMore: boolean;
  loadMore(): void;
  /** Re-read after live changes of <paramref>changed</paramref> (all rows after a reconnect: none named). */
  refresh(changed: readonly string[]): Promise<void>;
  retry(): void;
}

export function useConversationPages(query: ListQuery, me: string): ConversationPages {
  const key = queryKey(query);
  // The query as of its key: a new object with the same filters reads nothing again.
  const current = useMemo(() => query, [key]);
  const params = useMemo(() => listParams(current, pageSize), [current]);
  const [pages, setPages] = useState<Pages>({ key, items: [], next: null, phase: "loading", error: null, loadingMore: false });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(pages);
  latest.current = pages;

  useEffect(() => {
    const abort = new AbortController();
    setPages({ key, items: [], next: null, phase: "loading", error: null, loadingMore: false });
    void (takeEarly(key) ?? readPage(params, null, abort.signal)).then(page => {
      if (abort.signal.aborted)
        return;
      setPages(p => p.key !== key ? p : page.ok
        ? { ...p, items: page.items, next: page.next, phase: "ready" }
        : { ...p, phase: "failed", error: page.error });
    });
    return () => abort.abort();
  }, [key, params, attempt]);

  const loadMore = useCallback(() => {
    const p = latest.current;
    if (p.key !== key || p.phase !== "ready" || p.loadingMore || p.next === null)
      return;
    const cursor = p.next;
    setPages({ ...p, loadingMore: true });
    void readPage(params, cursor).then(page => setPages(q => {
      if (q.key !== key || q.next !== cursor)
        return { ...q, loadingMore: false };
      if (!page.ok)
        return { ...q, loadingMore: false, error: page.error };
      const have = new Set(q.items.map(i => i.id));
      return { ...q, loadingMore: false, error: null, items: [...q.items, ...page.items.filter(i => !have.has(i.id))], next: page.next };
    }));
  }, [key, params]);

  const refresh = useCallback(async (changed: readonly string[]) => {
    if (latest.current.key !== key || latest.current.phase === "loading")
      return;
    if (latest.current.phase === "failed") {
      setAttempt(a => a + 1);
      return;
    }
    const page = await readPage(params, null);
    if (!page.ok)
      return; // What is shown stays; the next change or reconnect reads again.
    setPages(p => p.key !== key ? p : { ...p, ...mergeFirstPage(p.items, page.items, page.next, p.next), error: null });
    // A changed row further down than the first page: read it alone, and drop it when it left this list.
    const freshIds = new Set(page.items.map(i => i.id));
    const deep = changed.filter(id => !freshIds.has(id) && latest.current.items.some(i => i.id === id));
    for (const id of deep) {
      const { data, response } = await api.GET("/api/conversations/{id}", { params: { path: { id } } });
      setPages(p => {
        if (p.key !== key)
          return p;
        if (!data)
          return response.status === 404 || response.status === 403 ? { ...p, items: p.items.filter(i => i.id !== id) } : p;
        return stillListed(data, current, me)
          ? { ...p, items: p.items.map(i => i.id === id ? fromDetail(i, data) : i) }
          : { ...p, items: p.items.filter(i => i.id !== id) };
      });
    }
  }, [key, params, current, me]);

  const retry = useCallback(() => setAttempt(a => a + 1), []);

  const shown = pages.key === key ? pages : { ...pages, items: [], phase: "loading" as const, next: null };
  return {
    items: shown.items, hasMore: shown.next !== null, phase: shown.phase, error: shown.error, loadingMore: shown.loadingMore,
    loadMore, refresh, retry,
  };
}
