using MimeKit;

namespace MailHub.Conversations.Threading;

/// <summary>
/// Recognises mail no person wrote: auto-replies (RFC 3834 Auto-Submitted, vendor X- fields), bulk and
/// list mail, and our own messages coming back. Such mail joins its conversation marked automatic, and
/// never reopens it or triggers anything that could answer back (no loops).
/// </summary>
internal static class AutomaticMail
{
    /// <summary>Why the message is automatic, or null when a person wrote it.</summary>
    public static string? ReasonOf(HeaderList headers, string? messageId)
    {
        if (OurMessageIds.ConversationOf(messageId) is not null)
            return "our own message came back";
        if (headers["Auto-Submitted"] is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
            return $"Auto-Submitted: {submitted.Trim()}";
        if (headers["Precedence"] is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list")
            return $"Precedence: {precedence.Trim()}";
        foreach (var name in (string[])["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id", "List-Unsubscribe"])
        {
            if (headers.Contains(name))
                return $"{name} present";
        }
        return null;
    }
}
