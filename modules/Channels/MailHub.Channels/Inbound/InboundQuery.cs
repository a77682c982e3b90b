using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MailHub.Channels.Inbound;

/// <summary>The filters of GET /api/inbound/messages. Text filters match case-insensitively anywhere in the field.</summary>
internal sealed record InboundQuery(string? To, string? From, string? Subject, string? Q, DateTimeOffset? Since, Guid? Mailbox, int Limit, InboundCursor? After);

/// <summary>
/// Where a page ends, in the list's order (newest first: received_at, then id, both descending).
/// Opaque to clients: base64url of "ticks:id".
/// </summary>
internal readonly record struct InboundCursor(DateTimeOffset ReceivedAt, Guid Id)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ReceivedAt.UtcTicks}:{Id:N}")));

    public static bool TryParse(string? text, out InboundCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
            return true;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && Guid.TryParseExact(parts[1], "N", out var id) && ticks is > 0 and < 3155378975999999999)
            {
                cursor = new InboundCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
