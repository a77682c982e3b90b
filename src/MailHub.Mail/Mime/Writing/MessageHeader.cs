namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// A header the builder writes as given (Auto-Submitted, List-Unsubscribe, X-Mailer, ...). Non-ASCII text in the
/// value is written as RFC 2047 encoded words; the value is folded like any other header.
/// </summary>
public sealed record MessageHeader
{
    // Headers the builder owns: a custom copy would duplicate or contradict them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
    };

    public MessageHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in name)
        {
            // RFC 5322 §3.6.8: field names are printable US-ASCII except the colon.
            if (c is < '!' or > '~' or ':')
            {
                throw new ArgumentException($"'{name}' is not a header name: use printable ASCII letters, digits and '-' only.", nameof(name));
            }
        }

        if (Reserved.Contains(name))
        {
            throw new ArgumentException($"{name} is written by the message builder: set the matching MessageBuilder property instead.", nameof(name));
        }

        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string Value { get; }
}
