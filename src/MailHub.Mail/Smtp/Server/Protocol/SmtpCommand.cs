namespace MailHub.Mail.Smtp.Server.Protocol;

/// <summary>The verbs the server knows, as flags so that the state table can hold a set of them.</summary>
[Flags]
internal enum SmtpCommand
{
    None = 0,
    Ehlo = 1 << 0,
    Helo = 1 << 1,
    Mail = 1 << 2,
    Rcpt = 1 << 3,
    Data = 1 << 4,
    Bdat = 1 << 5,
    Rset = 1 << 6,
    Noop = 1 << 7,
    Quit = 1 << 8,
    Vrfy = 1 << 9,
    Expn = 1 << 10,
    Help = 1 << 11,
    StartTls = 1 << 12,
    Auth = 1 << 13,
}
