import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api";
import { useLive, useReconnected } from "../../live";
import type { SandboxItem } from "./types";

const pageSize = 50;
/** The API's largest page: a re-read after a push covers what was loaded, up to this. */
const maxPage = 500;
/** Captures come in bursts (a QA run): pushes within this are one read. */
const gather = 400;

export interface SandboxList {
  items: SandboxItem[];
  total: number;
  next: string | null;
  loading: boolean;
  failed: { problem: unknown; response?: Response } | null;
  reload: () => void;
  more: () => void;
}

/** The captured messages matching q, newest first, read again when something is captured or deleted ("sandbox" push). */
export function useSandboxList(q: string): SandboxList {
  const [items, setItems] = useState<SandboxItem[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState<SandboxList["failed"]>(null);
  const loaded = useRef(0);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const read = useCallback(async (cursor: string | null, limit: number) => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const { data, error, response } = await api.GET("/api/sandbox/messages", {
        params: { query: { q: q.trim() || undefined, limit, cursor: cursor ?? undefined } },
      });
      if (mine !== generation.current)
        return;
      if (!data) {
        setFailed({ problem: error, response });
        return;
      }
      setFailed(null);
      setTotal(data.total);
      setNext(data.next ?? null);
      setItems(current => {
        const merged = cursor ? [...current, ...data.items.filter(i => !current.some(c => c.id === i.id))] : data.items;
        loaded.current = merged.length;
        return merged;
      });
    } catch {
      if (mine === generation.current)
        setFailed({ problem: null });
    } finally {
      if (mine === generation.current)
        setLoading(false);
    }
  }, [q]);

  const reload = useCallback(() => void read(null, Math.min(maxPage, Math.max(pageSize, loaded.current))), [read]);

  useEffect(() => {
    loaded.current = 0;
    void read(null, pageSize);
  }, [read]);

  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  // The gathered read runs the reload of the search in force when it fires, not of the one when the push came: a push just
  // before the search changed (a tag added, then its filter clicked) would otherwise read the old search's list over the new.
  const latestReload = useRef(reload);
  latestReload.current = reload;
  useLive("sandbox", () => {
    if (timer.current)
      return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latestReload.current();
    }, gather);
  });
  useReconnected(reload);

  return { items, total, next, loading, failed, reload, more: () => { if (next) void read(next, pageSize); } };
}
