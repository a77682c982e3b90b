using System.Globalization;

namespace MailHub.Mail.Mime;

/// <summary>
/// Date fields (RFC 5322 §3.3) and their obsolete forms (§4.3): no weekday, no seconds, two-digit years, zone names,
/// comments. An unreadable date is null, never an exception; a missing or unknown zone is read as UTC.
/// </summary>
public static class MailDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var tokens = new List<string>(value.Length / 3);
        foreach (var token in RemoveComments(value).Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
            tokens.Add(token);
        if (tokens.Count == 0)
            return null;
        // Weekday, with or without its comma (and the comma may have no space after it).
        if (tokens[0].EndsWith(',') || IsDayName(tokens[0]))
        {
            tokens.RemoveAt(0);
        }
        else if (tokens[0].LastIndexOf(',') is var comma and >= 0)
        {
            tokens[0] = tokens[0][(comma + 1)..];
        }
        if (tokens.Count == 3 && tokens[0].Split('-') is { Length: 3 } parts)
        {
            // RFC 850: 01-Jan-99 10:00:00 GMT
            tokens.RemoveAt(0);
            tokens.InsertRange(0, parts);
        }
        if (tokens.Count == 4)
        {
            // Zone glued to the time: 10:00:00+0800
            var s = tokens[3];
            var sign = s.IndexOf('+', StringComparison.Ordinal);
            if (sign < 0)
                sign = s.IndexOf('-', StringComparison.Ordinal);
            if (sign > 0)
            {
                tokens[3] = s[..sign];
                tokens.Add(s[sign..]);
            }
            else
            {
                tokens.Add("");
            }
        }
        if (tokens.Count < 5)
            return null;
        string dd = tokens[0], mm = tokens[1], yy = tokens[2], tm = tokens[3], tz = tokens[4];
        var month = MonthNumber(mm);
        if (month == 0)
        {
            (dd, mm) = (mm, dd);
            month = MonthNumber(mm);
            if (month == 0)
                return null;
        }
        dd = dd.TrimEnd(',');
        if (yy.Contains(':', StringComparison.Ordinal))
            (yy, tm) = (tm, yy);
        yy = yy.TrimEnd(',');
        if (yy.Length == 0)
            return null;
        if (!char.IsAsciiDigit(yy[0]))
            (yy, tz) = (tz, yy);
        tm = tm.TrimEnd(',');
        var time = tm.Split(':');
        if (time.Length == 1 && tm.Contains('.', StringComparison.Ordinal))
            time = tm.Split('.');
        if (time.Length is not (2 or 3))
            return null;
        if (!Int(yy, out var year) || !Int(dd, out var day) || !Int(time[0], out var hour) || !Int(time[1], out var minute))
            return null;
        var second = 0;
        if (time.Length == 3 && !Int(time[2], out second))
            return null;
        if (year < 100)
            year += year > 68 ? 1900 : 2000;
        var offset = ZoneOffset(tz);
        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, offset);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>ISO 8601 with offset, e.g. 2024-03-01T10:20:30+08:00.</summary>
    public static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static TimeSpan ZoneOffset(string tz)
    {
        switch (tz.ToUpperInvariant())
        {
            case "UT": case "UTC": case "GMT": case "Z": return TimeSpan.Zero;
            case "AST": return TimeSpan.FromHours(-4);
            case "ADT": return TimeSpan.FromHours(-3);
            case "EST": return TimeSpan.FromHours(-5);
            case "EDT": return TimeSpan.FromHours(-4);
            case "CST": return TimeSpan.FromHours(-6);
            case "CDT": return TimeSpan.FromHours(-5);
            case "MST": return TimeSpan.FromHours(-7);
            case "MDT": return TimeSpan.FromHours(-6);
            case "PST": return TimeSpan.FromHours(-8);
            case "PDT": return TimeSpan.FromHours(-7);
            default: break;
        }
        if (tz.Length >= 2 && (tz[0] is '+' or '-' || char.IsAsciiDigit(tz[0])) && int.TryParse(tz.AsSpan(char.IsAsciiDigit(tz[0]) ? 0 : 1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            var minutes = (hhmm / 100 * 60) + (hhmm % 100);
            if (minutes is > 0 and < 24 * 60 && hhmm % 100 < 60)
            {
                var span = TimeSpan.FromMinutes(tz[0] == '-' ? -minutes : minutes);
                return span.Duration() <= TimeSpan.FromHours(14) ? span : TimeSpan.Zero;
            }
        }
        // -0000 says "zone unknown" (RFC 5322 §3.3); unknown names likewise read as UTC.
        return TimeSpan.Zero;
    }

    private static int MonthNumber(string token)
    {
        if (token.Length < 3)
            return 0;
        var lower = token.ToLowerInvariant().TrimEnd(',', '.');
        for (var i = 0; i < Months.Length; i++)
        {
            if (lower == Months[i] || (lower.Length > 3 && lower.StartsWith(Months[i], StringComparison.Ordinal) && IsFullMonth(lower)))
                return i + 1;
        }
        return 0;
    }

    private static bool IsFullMonth(string lower) => lower is "january" or "february" or "march" or "april" or "june" or "july"
        or "august" or "september" or "october" or "november" or "december" or "sept";

    private static bool IsDayName(string token)
    {
        var lower = token.ToLowerInvariant();
        foreach (var d in Days)
        {
            if (lower == d)
                return true;
        }
        return false;
    }

    private static bool Int(string s, out int value) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string RemoveComments(string value)
    {
        if (!value.Contains('(', StringComparison.Ordinal))
            return value;
        var sb = new System.Text.StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '(')
                depth++;
            else if (c == ')' && depth > 0)
                depth--;
            else if (depth == 0)
                sb.Append(c);
            else
                continue;
            if (depth > 0 && c == '(')
                sb.Append(' ');
        }
        return sb.ToString();
    }
}
