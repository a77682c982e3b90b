import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, AutoComplete, Button, DatePicker, Form, Select, Space, Table, Tag, Typography } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useSearchParams } from "react-router";
import type { paths } from "@mailhub/client";
import { api, problemMessage } from "../../api";
import { formatDateTime, useLocale, useT, type Translate } from "../../i18n/I18n";
import { actionLabel, knownActions } from "./actions";
import "./audit.css";

type Json<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;
type AuditEntry = Json<paths["/api/audit"]["get"]>["entries"][number];

const pageSize = 50;
/** The typing pause before a "who" filter is read. */
const typingDelay = 400;

function auditProblem(t: Translate, problem: unknown, response: Response | undefined): string {
  if (!response)
    return t("audit.unreachable");
  if (response.status === 403)
    return t("audit.forbidden");
  if (response.status === 400)
    return t("audit.badRange");
  return problemMessage(problem, response);
}

/** /admin/audit?who=&what=&from=&to=: the audit log newest first, filtered by who, what kind and when, older pages on demand. */
export function AuditPage() {
  const t = useT();
  const [locale] = useLocale();
  const [params, setParams] = useSearchParams();
  const who = params.get("who") ?? "";
  const what = params.get("what") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const [typedWho, setTypedWho] = useState(who);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const setFilter = useCallback((name: string, value: string | null) => {
    setParams(current => {
      const next = new URLSearchParams(current);
      if (value)
        next.set(name, value);
      else
        next.delete(name);
      return next;
    }, { replace: true });
  }, [setParams]);

  const read = useCallback(async (before: number | null) => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const { data, error: problem, response } = await api.GET("/api/audit", {
        params: {
          query: {
            actorEmail: who.trim() || undefined,
            action: what || undefined,
            from: from ? dayjs(from).startOf("day").toISOString() : undefined,
            to: to ? dayjs(to).add(1, "day").startOf("day").toISOString() : undefined,
            before: before ?? undefined,
            limit: pageSize,
          },
        },
      });
      if (mine !== generation.current)
        return;
      if (!data) {
        setError(t("audit.loadFailed", { reason: auditProblem(t, problem, response) }));
        return;
      }
      setError(null);
      setEntries(current => before ? [...current, ...data.entries] : data.entries);
      setNextBefore(data.nextBefore ?? null);
    } catch {
      if (mine === generation.current)
        setError(t("audit.unreachable"));
    } finally {
      if (mine === generation.current)
        setLoading(false);
    }
  }, [who, what, from, to, t]);

  useEffect(() => { void read(null); }, [read]);

  useEffect(() => {
    if (typedWho === who)
      return;
    const timer = setTimeout(() => setFilter("who", typedWho.trim()), typingDelay);
    return () => clearTimeout(timer);
  }, [typedWho, who, setFilter]);

  // Who and what: suggestions from what is loaded, and every action that has a name.
  const actors = useMemo(() => [...new Set(entries.map(e => e.actorEmail).filter((e): e is string => !!e))], [entries]);
  const actions = useMemo(() => [...new Set([...knownActions, ...entries.map(e => e.action)])], [entries]);
  const range: [Dayjs | null, Dayjs | null] = [from ? dayjs(from) : null, to ? dayjs(to) : null];

  return (
    <section className="audit-page" aria-labelledby="audit-title">
      <header>
        <Typography.Title level={3} id="audit-title" style={{ margin: 0 }}>{t("audit.title")}</Typography.Title>
        <Typography.Text type="secondary">{t("audit.help")}</Typography.Text>
      </header>
      <Form layout="inline" className="audit-filters" aria-label={t("audit.title")}>
        <Form.Item label={t("audit.who")} htmlFor="audit-who">
          <AutoComplete id="audit-who" value={typedWho} onChange={setTypedWho} allowClear style={{ width: 240 }}
                        placeholder={t("audit.whoPlaceholder")} options={actors.map(a => ({ value: a }))}
                        filterOption={(input, option) => String(option?.value ?? "").toLowerCase().includes(input.toLowerCase())} />
        </Form.Item>
        <Form.Item label={t("audit.what")} htmlFor="audit-what">
          <Select id="audit-what" value={what || undefined} onChange={(value?: string) => setFilter("what", value ?? null)} allowClear showSearch
                  style={{ width: 240 }} placeholder={t("audit.whatPlaceholder")} optionFilterProp="label"
                  options={actions.map(a => ({ value: a, label: actionLabel(t, a) }))} />
        </Form.Item>
        <Form.Item label={t("audit.when")} htmlFor="audit-when">
          <DatePicker.RangePicker id={{ start: "audit-when" }} value={range} allowEmpty={[true, true]} placeholder={[t("audit.from"), t("audit.to")]}
            onChange={dates => {
              setParams(current => {
                const next = new URLSearchParams(current);
                const [start, end] = dates ?? [null, null];
                if (start) next.set("from", start.format("YYYY-MM-DD")); else next.delete("from");
                if (end) next.set("to", end.format("YYYY-MM-DD")); else next.delete("to");
                return next;
              }, { replace: true });
            }} />
        </Form.Item>
        <Space>
          <Button onClick={() => { setTypedWho(""); setParams({}, { replace: true }); }} disabled={!who && !what && !from && !to && !typedWho}>
            {t("audit.clear")}
          </Button>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void read(null)} loading={loading}>{t("audit.refresh")}</Button>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon role="alert" title={error} action={<Button size="small" onClick={() => void read(null)}>{t("audit.retry")}</Button>} />}
      <Table<AuditEntry> rowKey="id" size="small" dataSource={entries} loading={loading} pagination={false} aria-label={t("audit.entries")}
        locale={{ emptyText: t("audit.none") }} scroll={{ x: "max-content" }}
        columns={[
          { title: t("audit.at"), render: (_, e) => formatDateTime(e.at, locale), width: 170 },
          { title: t("audit.actor"), render: (_, e) => e.actorEmail ?? <Typography.Text type="secondary">{t("audit.system")}</Typography.Text> },
          {
            title: t("audit.action"),
            render: (_, e) => (
              <span className="audit-action">
                {actionLabel(t, e.action)}
                <Typography.Text type="secondary" className="audit-operation">{e.action}</Typography.Text>
              </span>
            ),
          },
          { title: t("audit.target"), render: (_, e) => e.targetId && <Typography.Text code>{e.targetId}</Typography.Text> },
          { title: t("audit.request"), render: (_, e) => e.method && <Typography.Text type="secondary">{`${e.method} ${e.route ?? ""}`}</Typography.Text> },
          { title: t("audit.status"), render: (_, e) => <Tag color={e.status < 300 ? "green" : e.status < 500 ? "orange" : "red"}>{e.status}</Tag> },
          { title: t("audit.ip"), dataIndex: "ip" },
        ]} />
      {nextBefore !== null
        ? <Button onClick={() => void read(nextBefore)} loading={loading}>{t("audit.older")}</Button>
        : entries.length > 0 && <Typography.Text type="secondary">{t("audit.end")}</Typography.Text>}
    </section>
  );
}
