import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Report } from "./CampaignReport";
import { seriesKeys } from "./CampaignReport";

const colors: Record<(typeof seriesKeys)[number], string> = {
  sent: "#52c41a", failed: "#f5222d", bounced: "#fa541c", unsubscribed: "#fa8c16", opened: "#1677ff", clicked: "#722ed1", complained: "#8c8c8c",
};

/** The report's series as lines over time (recharts, SVG); loaded on its own (lazy) with the report. */
export default function ReportChart({ series, names, format }: {
  series: Report["series"]; names: Record<string, string>; format: (at: string) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={series} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="at" tickFormatter={format} minTickGap={24} />
        <YAxis allowDecimals={false} />
        <Tooltip labelFormatter={label => format(String(label))} />
        <Legend />
        {seriesKeys.map(k => <Line key={k} type="monotone" dataKey={k} name={names[k]} stroke={colors[k]} dot={false} isAnimationActive={false} />)}
      </LineChart>
    </ResponsiveContainer>
  );
}
