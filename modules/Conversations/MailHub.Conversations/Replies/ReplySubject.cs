using System.Text.RegularExpressions;

namespace MailHub.Conversations.Replies;

/// <summary>The subject of a reply: "Re: " exactly once, whatever reply prefixes the thread has gathered.</summary>
internal static partial class ReplySubject
{
    /// <summary>
    /// "Re: " plus the original subject without its leading reply prefixes (Re:, RE[2]:, Aw:, Antw:, SV:, Réf.,
    /// 回复:, 回复：, 答复:), so <c>回复: Re: 订单</c> becomes <c>Re: 订单</c>. Forward prefixes (Fw:, Fwd:) are kept.
    /// </summary>
    public static string For(string? originalSubject)
    {
        var rest = (originalSubject ?? string.Empty).Trim();
        while (true)
        {
            var match = ReplyPrefix().Match(rest);
            if (!match.Success)
            {
                break;
            }

            rest = rest[match.Length..];
        }

        return rest.Length == 0 ? "Re:" : "Re: " + rest;
    }

    /// <summary>"Re: " once, and the [#number] token when the mailbox threads by subject.</summary>
    public static string For(string? originalSubject, long number, bool subjectTokens)
    {
        var subject = For(originalSubject);
        var token = $"[#{number}]";
        return subjectTokens && !subject.Contains(token, StringComparison.Ordinal) ? $"{subject} {token}" : subject;
    }

    // A counter such as Re[2]: or Re(2): comes from clients that number replies; the colon may be full-width (：).
    [GeneratedRegex(
        @"^(?:(?:re|aw|antw|sv|回复|回覆|答复|答覆)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|réf\s*\.\s*[:：]?|réf\s*[:：])\s*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();
}
