namespace MailHub.Mail.Smtp.Server.Protocol;

/// <summary>
/// The session as a table of states × commands allowed in them (RFC 5321 §4.1.4, §3.3).
/// A command outside its state's set gets 503 5.5.1 with the hint of that state. Handlers
/// apply further guards (TLS, authentication) and move the session to the next state:
/// <code>
/// Greeted   --EHLO/HELO--> Ready
/// Ready     --MAIL-->      MailGiven       Ready --STARTTLS--> Greeted (RFC 3207 §4.2)
/// MailGiven --RCPT-->      RcptGiven
/// RcptGiven --DATA-->      Ready           RcptGiven --BDAT--> Chunking | Ready (LAST)
/// Chunking  --BDAT-->      Chunking | Ready (LAST)
/// any       --RSET, EHLO, HELO--> Ready (or Greeted before the first EHLO)
/// </code>
/// </summary>
internal static class SmtpStateTable
{
    // RFC 5321 §4.1.4: NOOP, RSET, QUIT, VRFY, EXPN and HELP may be sent at any time.
    private const SmtpCommand Anytime =
        SmtpCommand.Noop | SmtpCommand.Rset | SmtpCommand.Quit | SmtpCommand.Vrfy | SmtpCommand.Expn | SmtpCommand.Help;

    // RFC 5321 §4.1.4: EHLO in a transaction resets it, as RSET would.
    private const SmtpCommand Greeting = SmtpCommand.Ehlo | SmtpCommand.Helo;

    private static readonly (SmtpState State, SmtpCommand Allowed, string Hint)[] Rows =
    [
        (SmtpState.Greeted, Anytime | Greeting, "Send EHLO or HELO first"),
        // RFC 3207 §4, RFC 4954 §4: STARTTLS and AUTH only outside a mail transaction.
        (SmtpState.Ready, Anytime | Greeting | SmtpCommand.Mail | SmtpCommand.StartTls | SmtpCommand.Auth, "Send MAIL first"),
        (SmtpState.MailGiven, Anytime | Greeting | SmtpCommand.Rcpt, "Send RCPT first (nested MAIL, or no recipient yet)"),
        (SmtpState.RcptGiven, Anytime | Greeting | SmtpCommand.Rcpt | SmtpCommand.Data | SmtpCommand.Bdat, "Mail transaction in progress"),
        // RFC 3030 §2: after BDAT without LAST only more BDAT (or RSET/QUIT/NOOP) make sense; DATA may not mix with BDAT.
        (SmtpState.Chunking, SmtpCommand.Bdat | SmtpCommand.Rset | SmtpCommand.Quit | SmtpCommand.Noop, "Send BDAT, or RSET to abandon the message"),
    ];

    public static bool IsAllowed(SmtpState state, SmtpCommand command) => (Row(state).Allowed & command) != 0;

    /// <summary>The text of the 503 reply for a command that is not allowed in <paramref name="state"/>.</summary>
    public static string Hint(SmtpState state) => Row(state).Hint;

    private static (SmtpState State, SmtpCommand Allowed, string Hint) Row(SmtpState state) => Rows[(int)state];
}
