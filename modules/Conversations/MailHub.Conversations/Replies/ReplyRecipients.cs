using MailHub.Conversations.Reading;
using MimeKit;

namespace MailHub.Conversations.Replies;

/// <summary>Who a reply to all copies besides the customer: the original's other recipients.</summary>
internal static class ReplyRecipients
{
    /// <summary>
    /// The original's To and Cc, without this mailbox (any plus address of it: the customer may have written to the
    /// conversation's token address) and without <paramref name="already"/>, each once.
    /// </summary>
    public static IReadOnlyList<MailboxAddress> Others(StoredMessage original, string mailboxAddress, IReadOnlyList<string> already)
    {
        var seen = new HashSet<string>(already, StringComparer.OrdinalIgnoreCase) { mailboxAddress };
        var others = new List<MailboxAddress>();
        foreach (var field in (string?[])[original.To, original.Cc])
        {
            if (string.IsNullOrWhiteSpace(field) || !InternetAddressList.TryParse(field, out var list))
                continue;
            foreach (var address in list.Mailboxes)
            {
                if (address.Address.Contains('@', StringComparison.Ordinal) && !IsMailbox(address.Address, mailboxAddress) && seen.Add(address.Address))
                    others.Add(address);
            }
        }
        return others;
    }

    private static bool IsMailbox(string address, string mailboxAddress)
    {
        var at = address.LastIndexOf('@');
        var local = address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        var bare = (plus >= 0 ? local[..plus] : local) + address[at..];
        return string.Equals(bare, mailboxAddress, StringComparison.OrdinalIgnoreCase);
    }
}
