using MailHub.Mail.Mime;
using MimeKit;

namespace MailHub.Channels.Inbound;

/// <summary>
/// What the list of inbound messages shows, read from the header section only (the body can be
/// 35 MB and is not needed for it). Never throws: what cannot be read is flagged as malformed.
/// <see cref="IsReply"/> is null when the header could not be read whole (then nobody may skip the message as a non-reply).
/// </summary>
internal sealed record HeaderSummary(
    string? From, string? To, string? Subject, string? MessageId, DateTimeOffset? Date, bool Malformed, string? Problems,
    bool? IsReply)
{
    /// <param name="prefix">The start of the content (all of it when <paramref name="complete"/>).</param>
    public static HeaderSummary Read(ReadOnlyMemory<byte> prefix, bool complete)
    {
        var problems = new List<string>();
        var end = HeaderEnd(prefix.Span);
        var truncated = end < 0 && !complete;
        if (end < 0)
        {
            if (!complete)
                problems.Add($"the header section is longer than the first {prefix.Length} bytes; the summary reads only those");
            end = prefix.Length;
        }
        if (end == 0)
            problems.Add("the message has no header section");
        try
        {
            using var mail = MailReader.Load(prefix[..end]);
            var message = mail.Message;
            problems.AddRange(mail.Problems);
            var from = message.From.Mailboxes.ToList();
            if (from.Count == 0)
                problems.Add("no From field");
            var date = mail.Date?.ToUniversalTime();
            return new HeaderSummary(
                Clean(Join(from)),
                Clean(Join(message.To.Mailboxes)),
                Clean(message.Subject),
                Clean(message.MessageId),
                date,
                problems.Count > 0,
                problems.Count > 0 ? Clean(string.Join("; ", problems)) : null,
                ThreadIds.InReplyTo(message).Count > 0 || ThreadIds.References(message).Count > 0 ? true : truncated ? null : false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add("the header could not be read: " + e.Message);
            return new HeaderSummary(null, null, null, null, null, true, Clean(string.Join("; ", problems)), IsReply: null);
        }
    }

    /// <summary>The length of the header section including its last line break (the blank line excluded), or -1.</summary>
    private static int HeaderEnd(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("\r\n"u8) || content.StartsWith("\n"u8))
            return 0;
        var crlf = content.IndexOf("\r\n\r\n"u8);
        var lf = content.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
            return crlf + 2;
        return lf >= 0 ? lf + 1 : -1;
    }

    private static string? Join(IEnumerable<MailboxAddress> addresses) =>
        string.Join(", ", addresses.Select(a => a.ToString())) is { Length: > 0 } joined ? joined : null;

    /// <summary>PostgreSQL text cannot hold NUL; a hostile header must not make the whole batch fail.</summary>
    internal static string? Clean(string? text) =>
        text is null ? null : text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
}
