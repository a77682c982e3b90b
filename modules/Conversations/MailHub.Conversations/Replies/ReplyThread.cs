using MimeKit;

namespace MailHub.Conversations.Replies;

/// <summary>In-Reply-To and References that keep a reply in its thread (RFC 5322 §3.6.4), ids with angle brackets.</summary>
/// <param name="InReplyTo">The original's Message-ID.</param>
/// <param name="References">The original's References followed by its Message-ID, trimmed to at most <see cref="MaxReferences"/> ids.</param>
internal sealed record ReplyThread(string InReplyTo, IReadOnlyList<string> References)
{
    /// <summary>Long threads keep the first id (the thread root) and the most recent ones.</summary>
    public const int MaxReferences = 20;

    // An id this long cannot share a folded line with anything; it is junk, not a thread link.
    private const int MaxIdLength = 500;

    /// <param name="originalReferences">As stored: ids separated by spaces, with or without angle brackets, sometimes by commas.</param>
    public static ReplyThread For(string originalMessageId, string? originalReferences)
    {
        var messageId = Bracketed(originalMessageId.Trim(), requireAt: false)
            ?? throw new ArgumentException($"'{originalMessageId}' is not a message id: expected <local@domain> without spaces.", nameof(originalMessageId));
        // MimeUtils.EnumerateReferences skips ids without brackets, which is how the stored References hold them.
        var ids = (originalReferences ?? "").Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(id => Bracketed(id, requireAt: true))
            .OfType<string>()
            .Where(id => !string.Equals(id, messageId, StringComparison.Ordinal))
            .Append(messageId)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        if (ids.Count > MaxReferences)
            ids = [ids[0], .. ids[^(MaxReferences - 1)..]];

        return new ReplyThread(messageId, ids);
    }

    public void ApplyTo(MimeMessage message)
    {
        message.InReplyTo = InReplyTo;
        message.References.Clear();
        message.References.AddRange(References);
    }

    // A reference without '@' is a stray word of a sloppy header; the original's own id is taken as it came.
    private static string? Bracketed(string token, bool requireAt)
    {
        var id = token.TrimStart('<').TrimEnd('>');
        return id.Length is > 0 and <= MaxIdLength && (!requireAt || id.Contains('@', StringComparison.Ordinal)) && id.AsSpan().IndexOfAny("<> \t\r\n") < 0
            ? $"<{id}>"
            : null;
    }
}
