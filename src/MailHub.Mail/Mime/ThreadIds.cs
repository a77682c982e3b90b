using MimeKit;
using MimeKit.Utils;

namespace MailHub.Mail.Mime;

/// <summary>
/// The message ids of In-Reply-To and References (RFC 5322 §3.6.4), as threading needs them: every &lt;id&gt; of the
/// first such field, and for a field with no angle brackets (some mailers write bare ids) its words. MimeKit's
/// <see cref="MimeMessage.InReplyTo"/> keeps only one id and reads none from a bare one.
/// </summary>
public static class ThreadIds
{
    public static IReadOnlyList<string> InReplyTo(MimeMessage message) => Of(message?.Headers["In-Reply-To"]);

    public static IReadOnlyList<string> References(MimeMessage message) => Of(message?.Headers["References"]);

    private static List<string> Of(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        if (value.Contains('<', StringComparison.Ordinal))
            return [.. MimeUtils.EnumerateReferences(value)];
        return [.. value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)];
    }
}
