// How many conversations each view holds in the current status tab (GET /api/conversations/counts).
import { useCallback, useEffect, useRef, useState } from "react";
import type { paths } from "@mailhub/client";
import { api } from "../../api";
import type { Status } from "./listQuery";

export type ViewCounts = paths["/api/conversations/counts"]["get"]["responses"][200]["content"]["application/json"];

export function useViewCounts(status: Status): { counts: ViewCounts | null; refresh(): Promise<void> } {
  const [counts, setCounts] = useState<ViewCounts | null>(null);
  const asked = useRef(status);
  asked.current = status;

  const refresh = useCallback(async () => {
    try {
      const { data } = await api.GET("/api/conversations/counts", { params: { query: { status } } });
      if (data && asked.current === status)
        setCounts(data);
    } catch {
      // The counts are a hint: the previous ones stay until the next change reads them again.
    }
  }, [status]);

  useEffect(() => {
    setCounts(null);
    void refresh();
  }, [refresh]);

  return { counts, refresh };
}
