import { useEffect, useState } from "react";
import { api } from "../../api";
import { useT } from "../../i18n/I18n";

/** The sample conversation a preview is filled in for, in the user's language. */
export function useSampleValues() {
  const t = useT();
  return {
    customerName: t("replies.sample.customerName"), customerEmail: t("replies.sample.customerEmail"),
    conversationNumber: "1024", conversationSubject: t("replies.sample.subject"),
  };
}

/**
 * The text as the composer would insert it, filled in by the server (POST /api/conversations/templates/preview, the same
 * filling as for a real conversation), read again 300 ms after the text stops changing.
 */
export function usePreview(text: string | undefined): string | null {
  const sample = useSampleValues();
  const [rendered, setRendered] = useState<string | null>(null);
  const { customerName, customerEmail, conversationNumber, conversationSubject } = sample;
  useEffect(() => {
    if (!text) {
      setRendered(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      void api.POST("/api/conversations/templates/preview", {
        body: { text, html: null, customerName, customerEmail, conversationNumber, conversationSubject },
      }).then(({ data }) => { if (!stale && data) setRendered(data.text); }).catch(() => undefined);
    }, 300);
    return () => { stale = true; clearTimeout(timer); };
  }, [text, customerName, customerEmail, conversationNumber, conversationSubject]);
  return rendered;
}
