namespace MailHub.Mail.Mime;

/// <summary>A mailbox: decoded display name (or null) and the addr-spec (local part quoted where it must be).</summary>
public sealed record MailboxAddress(string? Name, string Address)
{
    /// <summary>The part after the last '@', or null when there is no domain.</summary>
    public string? Domain => Address.LastIndexOf('@') is var at and >= 0 ? Address[(at + 1)..] : null;

    public override string ToString() => Name is null ? Address : $"\"{Name}\" <{Address}>";
}
