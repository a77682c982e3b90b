namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// A mailbox from the envelope (RFC 5321 §4.1.2 Mailbox), or the null reverse-path "&lt;&gt;".
/// The local part keeps its quoting; the domain is as the client sent it (an A-label, a U-label
/// with SMTPUTF8, or an address literal such as "[192.0.2.1]").
/// </summary>
public sealed record SmtpAddress(string LocalPart, string Domain)
{
    /// <summary>The null reverse-path of bounces (RFC 5321 §4.5.5).</summary>
    public static SmtpAddress Null { get; } = new("", "");

    public bool IsNull => LocalPart.Length == 0 && Domain.Length == 0;

    public override string ToString() => IsNull ? "" : Domain.Length == 0 ? LocalPart : $"{LocalPart}@{Domain}";
}
