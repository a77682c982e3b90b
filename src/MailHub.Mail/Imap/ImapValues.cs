using System.Globalization;

namespace MailHub.Mail.Imap;

/// <summary>Reads typed values out of parsed responses.</summary>
internal static class ImapValues
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static uint? Number(object? value) =>
        value is string s && uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static long? Long(object? value) =>
        value is string s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : value as long?;

    public static IReadOnlyList<string> Strings(object? value) =>
        value is List<object?> list ? list.OfType<string>().ToArray() : [];

    /// <summary>"17-Jul-1996 02:44:25 -0700" (RFC 9051 date-time).</summary>
    public static DateTimeOffset? InternalDate(object? value)
    {
        if (value is not string s)
            return null;
        var parts = s.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
            return null;
        var date = parts[0].Split('-');
        var time = parts[1].Split(':');
        var zone = parts[2];
        if (date.Length != 3 || time.Length != 3 || zone.Length != 5)
            return null;
        var month = Array.IndexOf(Months, date[1].ToLowerInvariant()) + 1;
        if (month == 0 || !int.TryParse(date[0], CultureInfo.InvariantCulture, out var day) || !int.TryParse(date[2], CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(time[0], CultureInfo.InvariantCulture, out var h) || !int.TryParse(time[1], CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(time[2], CultureInfo.InvariantCulture, out var sec)
            || !int.TryParse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture, out var zh) || !int.TryParse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture, out var zm))
            return null;
        var offset = new TimeSpan(zh, zm, 0);
        if (zone[0] == '-')
            offset = -offset;
        try
        {
            return new DateTimeOffset(year, month, day, h, m, sec, offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static string FormatInternalDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{date.Day:00}-{char.ToUpperInvariant(Months[date.Month - 1][0])}{Months[date.Month - 1][1..]}-{date.Year:0000} {date.Hour:00}:{date.Minute:00}:{date.Second:00} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    public static ImapEnvelope? Envelope(object? value)
    {
        if (value is not List<object?> { Count: >= 10 } e)
            return null;
        return new ImapEnvelope(e[0] as string, e[1] as string, Addresses(e[2]), Addresses(e[3]), Addresses(e[4]),
            Addresses(e[5]), Addresses(e[6]), Addresses(e[7]), e[8] as string, e[9] as string);
    }

    private static ImapAddress[] Addresses(object? value)
    {
        if (value is not List<object?> list)
            return [];
        var result = new List<ImapAddress>();
        foreach (var item in list)
        {
            // Group markers (RFC 9051 §7.5.2) have a NIL host; skip them, keep the members.
            if (item is List<object?> { Count: >= 4 } a && a[3] is not null)
                result.Add(new ImapAddress(a[0] as string, a[2] as string, a[3] as string));
        }
        return [.. result];
    }
}
