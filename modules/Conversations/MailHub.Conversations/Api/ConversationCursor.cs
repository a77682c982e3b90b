using System.Globalization;
using System.Text;
using MailHub.Conversations.Reading;

namespace MailHub.Conversations.Api;

/// <summary>
/// The list's page cursor: the last row's sort key and id (last_message_at, or for "waiting" its waiting_order, marked
/// with a w), base64url, so the next page starts after it (keyset paging: stable while conversations change).
/// </summary>
internal static class ConversationCursor
{
    public static string After(ListedConversation last, string sort) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Mark(sort)}{last.SortKey(sort).UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.Id:N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// False when <paramref name="cursor"/> is not one <see cref="After"/> gave out for <paramref name="sort"/>; no cursor is
    /// the first page.
    /// </summary>
    public static bool TryRead(string? cursor, string sort, out (DateTimeOffset At, Guid Id)? after)
    {
        after = null;
        if (string.IsNullOrEmpty(cursor))
            return true;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            var mark = Mark(sort);
            if (!text.StartsWith(mark, StringComparison.Ordinal) || (mark.Length == 0 && text.StartsWith('w')))
                return false;
            var parts = text[mark.Length..].Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks)
                && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id))
            {
                after = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }

    private static string Mark(string sort) => sort == ListSort.Waiting ? "w" : "";
}
