using System.Globalization;

namespace MailHub.Mail.Mime.Writing;

/// <summary>The RFC 5322 §3.3 date-time: "Tue, 1 Jul 2025 09:05:00 +0800", English names whatever the culture.</summary>
internal static class RfcDate
{
    public static string Format(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }
}
