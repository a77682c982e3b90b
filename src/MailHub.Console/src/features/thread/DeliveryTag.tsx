import { Tag, Tooltip } from "antd";
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined } from "@ant-design/icons";
import { useT } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/catalog";
import type { ThreadMessage } from "./types";

type Delivery = NonNullable<ThreadMessage["delivery"]>;

/** A reply's delivery: queued, sent, or failed with the reason the server or the bounce gave. */
export function DeliveryTag({ delivery }: { delivery: Delivery }) {
  const t = useT();
  const known = ["queued", "sent", "failed", "scheduled"].includes(delivery.state);
  const state = known ? t(`thread.delivery.${delivery.state}` as MessageKey) : delivery.state;
  const label = t("thread.delivery.label", { state });
  if (delivery.state === "failed") {
    return (
      <span className="thread-delivery-failed">
        <span role="status" aria-label={label}><Tag color="error" icon={<CloseCircleOutlined />}>{state}</Tag></span>
        {delivery.detail && <span role="note">{t("thread.delivery.failedReason", { reason: delivery.detail })}</span>}
      </span>
    );
  }
  // The state as a status the screen reader names ("Delivery: Sent") and announces when it changes.
  const tag = (
    <span role="status" aria-label={label}>
      {delivery.state === "sent"
        ? <Tag color="success" icon={<CheckCircleOutlined />}>{state}</Tag>
        : <Tag color="processing" icon={<ClockCircleOutlined />}>{state}</Tag>}
    </span>
  );
  return delivery.detail ? <Tooltip title={delivery.detail}>{tag}</Tooltip> : tag;
}
