using System.Net;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// A 4xx or 5xx reply the server gave a client (RFC 5321 §4.2.1), for an admin to see why a relay's mail did not come in:
/// when, from where, at which stage ("connect" before the greeting, "session" for a hang-up of the transport's own, else
/// the command: EHLO, AUTH, MAIL, RCPT, DATA ...), the reply, and the AUTH user name the client gave, if any.
/// </summary>
/// <param name="Argument">The address of a refused MAIL or RCPT (never an AUTH line, which carries the secret).</param>
public sealed record SmtpRefusal(
    DateTimeOffset At, string EndpointName, IPAddress ClientAddress, string Stage, int Code, string Reply, string? UserName, string? Argument);
