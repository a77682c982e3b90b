using System.Globalization;

namespace MailHub.Mail.Imap;

/// <summary>A UID SEARCH criterion; combine with <see cref="And"/>.</summary>
public sealed record ImapSearchQuery
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private ImapSearchQuery(string text) => Text = text;

    internal string Text { get; }

    public static ImapSearchQuery All { get; } = new("ALL");

    public static ImapSearchQuery Unseen { get; } = new("UNSEEN");

    /// <summary>Messages flagged \Deleted (RFC 9051 §6.4.4).</summary>
    public static ImapSearchQuery Deleted { get; } = new("DELETED");

    public static ImapSearchQuery Uids(UidSet uids) => new("UID " + uids);

    /// <summary>Messages that do not match <paramref name="query"/> (RFC 9051 §6.4.4 NOT).</summary>
    public static ImapSearchQuery Not(ImapSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new("NOT (" + query.Text + ")");
    }

    /// <summary>Messages whose internal date is on or after <paramref name="date"/> (day granularity, RFC 9051 §6.4.4).</summary>
    public static ImapSearchQuery Since(DateOnly date) => new("SINCE " + FormatDate(date));

    public ImapSearchQuery And(ImapSearchQuery other) => new(Text + " " + other.Text);

    internal static string FormatDate(DateOnly date) =>
        $"{date.Day.ToString(CultureInfo.InvariantCulture)}-{Months[date.Month - 1]}-{date.Year.ToString("0000", CultureInfo.InvariantCulture)}";

    public override string ToString() => Text;
}
