// A row's times in the user's time zone (the browser's): today's as a time, this year's as a day, older with the year;
// and how long the customer has waited, in the largest whole unit.

export function rowTime(iso: string, locale: string, now = new Date()): string {
  const at = new Date(iso);
  const options: Intl.DateTimeFormatOptions =
    at.toDateString() === now.toDateString() ? { hour: "2-digit", minute: "2-digit" }
    : at.getFullYear() === now.getFullYear() ? { month: "short", day: "numeric" }
    : { year: "numeric", month: "short", day: "numeric" };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

export function waited(iso: string, locale: string, now = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, "minute"] : minutes < 48 * 60 ? [Math.floor(minutes / 60), "hour"] : [Math.floor(minutes / 1440), "day"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "narrow" }).format(value);
}
