using MimeKit.Utils;

namespace MailHub.Mail.Mime;

/// <summary>
/// The Date field (RFC 5322 §3.3) read by MimeKit, with two repairs where MimeKit reads a wrong instant rather than
/// none: a zone glued to the time ("00:01+0000": MimeKit drops the minutes) is split off, and an impossible time
/// ("59:10": MimeKit reads 00:00 of that day) reads as no date, as other readers have it.
/// </summary>
public static class MailDate
{
    public static bool TryParse(string? value, out DateTimeOffset date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        foreach (var token in value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.Contains(':', StringComparison.Ordinal))
                continue;
            var zone = token.IndexOfAny(['+', '-']);
            var time = zone > 0 ? token[..zone] : token;
            if (Fields(time) is not { } fields)
                break; // no hh:mm[:ss]: MimeKit's to read
            if (fields[0] > 23 || fields[1] > 59 || fields.Length == 3 && fields[2] > 60)
                return false;
            if (zone > 0)
                value = value.Replace(token, time + " " + token[zone..], StringComparison.Ordinal);
            break;
        }
        return DateUtils.TryParse(value, out date);
    }

    /// <summary>The numbers of hh:mm or hh:mm:ss (one or two digits each), or null for another shape.</summary>
    private static int[]? Fields(string token)
    {
        var parts = token.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length is 0 or > 2 || !p.All(char.IsAsciiDigit)))
            return null;
        return [.. parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
