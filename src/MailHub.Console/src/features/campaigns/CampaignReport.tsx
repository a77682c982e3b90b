import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Alert, Card, Segmented, Spin, Statistic, Typography } from "antd";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import type { MessageKey } from "../../i18n/catalog";
import { useLocale, useT } from "../../i18n/I18n";
import type { Json } from "./shared";

export type Report = Json<paths["/api/campaigns/{id}/report"]["get"]>;
export type Bucket = "minute" | "hour" | "day";
export const seriesKeys = ["sent", "failed", "bounced", "unsubscribed", "opened", "clicked", "complained"] as const;

// The chart library (recharts) is loaded with the report only, not with the console's first page.
const ReportChart = lazy(() => import("./ReportChart"));

/** The time zone the buckets start in: the browser's. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The report: counts, and sent, failed, bounced, unsubscribed, opened and clicked per minute, hour or day as a chart (and as a table). */
export function CampaignReport({ id, changed }: { id: string; changed: number }) {
  const t = useT();
  const [locale] = useLocale();
  const [bucket, setBucket] = useState<Bucket>("minute");
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const read = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const { data, error: problem, response } = await api.GET("/api/campaigns/{id}/report", { params: { path: { id }, query: { bucket, tz: timeZone } } });
      if (mine !== generation.current)
        return;
      setReport(data ?? null);
      setError(data ? null : problemMessage(problem, response));
    } catch {
      if (mine === generation.current)
        setError(t("campaigns.unreachable"));
    }
  }, [id, bucket, t]);
  // Again on every push of the campaign's counts (at most one a second).
  useEffect(() => { void read(); }, [read, changed]);

  const format = (at: string) => new Intl.DateTimeFormat(locale, bucket === "day" ? { dateStyle: "medium" } : { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(at));

  return (
    <section aria-labelledby="campaign-report-title" className="campaigns-report">
      <Typography.Title level={4} id="campaign-report-title">{t("campaigns.report")}</Typography.Title>
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      {report && (
        <>
          <div className="campaigns-stats" role="group" aria-label={t("campaigns.reportCounts")}>
            {(["total", "sent", "queued", "failed", "bounced", "unsubscribed", "complained", "suppressed", "opened", "clicked"] as const).map(key => (
              <Card key={key} size="small"><Statistic title={t(`campaigns.count.${key}` as MessageKey)} value={report.counts[key]} /></Card>
            ))}
          </div>
          <Segmented<Bucket> aria-label={t("campaigns.bucket")} value={bucket} onChange={setBucket}
                             options={(["minute", "hour", "day"] as const).map(b => ({ value: b, label: t(`campaigns.bucket.${b}` as MessageKey) }))} />
          {report.series.length === 0
            ? <Typography.Paragraph type="secondary">{t("campaigns.reportEmpty")}</Typography.Paragraph>
            : (
              <figure className="campaigns-chart" aria-label={t("campaigns.reportChart")}>
                <Suspense fallback={<Spin />}>
                  <ReportChart series={report.series} format={format}
                               names={Object.fromEntries(seriesKeys.map(k => [k, t(`campaigns.count.${k}` as MessageKey)]))} />
                </Suspense>
                <details>
                  <summary>{t("campaigns.reportTable")}</summary>
                  <table className="campaigns-report-table" aria-label={t("campaigns.reportTable")}>
                    <thead><tr><th>{t("campaigns.reportAt")}</th>{seriesKeys.map(k => <th key={k}>{t(`campaigns.count.${k}` as MessageKey)}</th>)}</tr></thead>
                    <tbody>
                      {report.series.filter(p => seriesKeys.some(k => p[k] > 0)).map(p => (
                        <tr key={p.at}><td>{format(p.at)}</td>{seriesKeys.map(k => <td key={k}>{p[k]}</td>)}</tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </figure>
            )}
        </>
      )}
    </section>
  );
}
