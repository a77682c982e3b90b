namespace MailHub.Mail.Smtp.Client;

/// <summary>A (possibly multi-line) SMTP reply: the three-digit code and the text lines joined by newlines.</summary>
public sealed record SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransient => Code is >= 400 and < 500;

    public IEnumerable<string> Lines => Text.Split('\n');

    public override string ToString() => $"{Code} {Text.Replace("\n", " / ", StringComparison.Ordinal)}";
}
