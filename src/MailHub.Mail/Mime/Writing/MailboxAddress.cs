namespace MailHub.Mail.Mime.Writing;

/// <summary>A mailbox as written in From, To, Cc, Bcc and Reply-To: an optional display name and an addr-spec.</summary>
public sealed record MailboxAddress
{
    public MailboxAddress(string? name, string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.AsSpan().IndexOfAny("\r\n\t <>") >= 0)
        {
            throw new ArgumentException($"'{address}' is not an e-mail address: expected local-part@domain with no spaces or angle brackets.", nameof(address));
        }

        Name = string.IsNullOrWhiteSpace(name) ? null : name;
        Address = address;
    }

    public MailboxAddress(string address)
        : this(null, address)
    {
    }

    public string? Name { get; }

    public string Address { get; }

    /// <summary>The part after the last '@', used for generated Message-IDs.</summary>
    public string Domain => Address[(Address.LastIndexOf('@') + 1)..];

    public override string ToString() => Name is null ? Address : $"\"{Name}\" <{Address}>";
}
