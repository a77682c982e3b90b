using System.Globalization;
using System.Security.Cryptography;

namespace MailHub.Conversations.Threading;

/// <summary>
/// The Message-ID of every reply we send names its conversation: <c>&lt;c.{id:N}.{random}@{domain}&gt;</c>.
/// A customer's answer then threads by its In-Reply-To alone, and our own mail coming back is recognised.
/// </summary>
internal static class OurMessageIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(Guid conversationId, string domain) =>
        $"<c.{conversationId:N}.{RandomNumberGenerator.GetString(Alphabet, 12)}@{AsciiDomain(domain)}>";

    /// <summary>The conversation an id of ours names, or null for anyone else's id.</summary>
    public static Guid? ConversationOf(string? messageId)
    {
        if (string.IsNullOrEmpty(messageId))
            return null;
        var id = messageId.Trim().TrimStart('<');
        if (!id.StartsWith("c.", StringComparison.Ordinal) || id.Length < 2 + 32 + 1 || id[34] != '.')
            return null;
        return Guid.TryParseExact(id.AsSpan(2, 32), "N", out var conversationId) ? conversationId : null;
    }

    private static string AsciiDomain(string domain) =>
        System.Text.Ascii.IsValid(domain) ? domain : new IdnMapping().GetAscii(domain);
}
