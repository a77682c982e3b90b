import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from "@ant-design/icons";
import { Alert, Button, Typography } from "antd";
import { useRef, useState } from "react";
import { useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import { useLive } from "../../live";
import type { TestStep } from "./form";

const labels: Record<string, MessageKey> = {
  resolve: "mailboxes.step.resolve",
  connect: "mailboxes.step.connect",
  tls: "mailboxes.step.tls",
  login: "mailboxes.step.login",
  "open folder": "mailboxes.step.openFolder",
  "smtp resolve": "mailboxes.step.smtpResolve",
  "smtp connect": "mailboxes.step.smtpConnect",
  "smtp tls": "mailboxes.step.smtpTls",
  "smtp login": "mailboxes.step.smtpLogin",
  inbound: "mailboxes.step.inbound",
  smtp: "mailboxes.step.smtp",
};

const fixes: Record<string, MessageKey> = {
  resolve: "mailboxes.fix.resolve",
  connect: "mailboxes.fix.connect",
  tls: "mailboxes.fix.tls",
  login: "mailboxes.fix.login",
  "open folder": "mailboxes.fix.openFolder",
  smtp: "mailboxes.fix.smtp",
};

/** What the run of a test answered: its steps, and whether all worked (null while it runs or before it ran). */
export interface TestOutcome {
  steps: TestStep[];
  ok: boolean | null;
}

interface Props {
  /** Runs the test with this progress id; resolves with the final report, or rejects with a sentence to show. */
  run: (progress: string) => Promise<{ ok: boolean; steps: TestStep[] }>;
  outcome: TestOutcome;
  onOutcome: (outcome: TestOutcome) => void;
  /** The provider's own guidance, added to a failed login. */
  loginHelp?: string | null;
}

/**
 * "Test connection": each step (resolve, connect, TLS, login, open folder, then SMTP) appears as the server reports it
 * over the live push ("mailboxTest" with this run's id), with what to do next when one failed; the answer that ends the
 * run has every step again in its final wording.
 */
export function ConnectionTest({ run, outcome, onOutcome, loginHelp }: Props) {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const progress = useRef<string | null>(null);
  const live = useRef<TestStep[]>([]);

  useLive("mailboxTest", data => {
    const push = data as { progress?: string; step?: TestStep };
    if (!push.step || push.progress !== progress.current)
      return;
    live.current = [...live.current, push.step];
    onOutcome({ steps: live.current, ok: null });
  });

  async function start() {
    const id = crypto.randomUUID();
    progress.current = id;
    live.current = [];
    setFailure(null);
    setRunning(true);
    onOutcome({ steps: [], ok: null });
    try {
      const report = await run(id);
      if (progress.current === id)
        onOutcome({ steps: report.steps, ok: report.ok });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      onOutcome({ steps: live.current, ok: false });
    } finally {
      if (progress.current === id) {
        progress.current = null;
        setRunning(false);
      }
    }
  }

  return (
    <div className="mailbox-test">
      <Button type="primary" onClick={() => void start()} loading={running}>
        {outcome.steps.length || outcome.ok !== null ? t("mailboxes.wizard.testAgain") : t("mailboxes.wizard.runTest")}
      </Button>
      {!running && outcome.ok === null && outcome.steps.length === 0 && !failure &&
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t("mailboxes.wizard.testFirst")}</Typography.Paragraph>}
      <ol className="mailbox-test-steps" aria-label={t("mailboxes.wizard.step.test")} aria-live="polite">
        {outcome.steps.map((step, i) => <StepRow key={i} step={step} loginHelp={loginHelp} />)}
        {running &&
          <li className="mailbox-test-step" aria-busy="true">
            <LoadingOutlined className="mailbox-test-icon" aria-hidden />
            <Typography.Text type="secondary">{t("mailboxes.wizard.testRunning")}</Typography.Text>
          </li>}
      </ol>
      {failure && <Alert type="error" role="alert" title={failure} />}
      {!running && outcome.ok === true && <Alert type="success" title={t("mailboxes.wizard.testPassed")} />}
      {!running && outcome.ok === false && !failure &&
        <Alert type="error" role="alert" title={t("mailboxes.wizard.testFailed")} description={t("mailboxes.wizard.saveAnyway")} />}
    </div>
  );
}

function StepRow({ step, loginHelp }: { step: TestStep; loginHelp?: string | null }) {
  const t = useT();
  const base = step.step.startsWith("smtp ") ? step.step.slice(5) : step.step;
  const key = labels[step.step];
  const label = key ? t(key) : step.step;
  const fix = !step.ok ? fixes[step.step.startsWith("smtp") && !fixes[base] ? "smtp" : base] : undefined;
  return (
    <li className={`mailbox-test-step ${step.ok ? "ok" : "failed"}`} data-step={step.step} data-ok={step.ok}>
      {step.ok
        ? <CheckCircleFilled className="mailbox-test-icon ok" aria-hidden />
        : <CloseCircleFilled className="mailbox-test-icon failed" aria-hidden />}
      <div>
        <Typography.Text strong>{label}</Typography.Text>
        {step.server && <Typography.Text type="secondary"> · {step.server}</Typography.Text>}
        <div className="mailbox-test-message">{step.message}</div>
        {fix && <div className="mailbox-test-fix">{t(fix)}{base === "login" && loginHelp ? ` ${loginHelp}` : ""}</div>}
      </div>
    </li>
  );
}
