using MimeKit;

namespace MailHub.Mail.Outgoing;

/// <summary>A recipient or sender address as a user typed it or a row stored it: exactly one addr-spec, local-part@domain (RFC 5322 §3.4.1).</summary>
public static class AddrSpec
{
    // MimeKit reads "Jane <j@x>", lists and a bare "postmaster" as mailboxes, which is right for reading mail but not
    // for one address field: a typo would be sent to a local user of the server or to the wrong person.
    private static readonly ParserOptions Strict = CreateStrict();

    /// <summary>The mailbox, or an <see cref="ArgumentException"/> that says what an address looks like.</summary>
    public static MailboxAddress Parse(string? name, string? address)
    {
        var trimmed = address?.Trim() ?? "";
        if (trimmed.AsSpan().IndexOfAny("\t\r\n <>,;") >= 0 || !MailboxAddress.TryParse(Strict, trimmed, out var mailbox) || !mailbox.Address.Contains('@'))
        {
            throw new ArgumentException(
                $"'{address}' is not an e-mail address: expected local-part@domain with no spaces or angle brackets, e.g. customer@example.com.",
                nameof(address));
        }

        return new MailboxAddress(string.IsNullOrWhiteSpace(name) ? null : name, mailbox.Address);
    }

    public static MailboxAddress Parse(string? address) => Parse(null, address);

    private static ParserOptions CreateStrict()
    {
        var options = ParserOptions.Default.Clone();
        options.AllowAddressesWithoutDomain = false;
        return options;
    }
}
