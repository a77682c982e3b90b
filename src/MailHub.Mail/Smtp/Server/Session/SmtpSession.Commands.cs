using System.Buffers;
using System.Text;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server.Session;

// EHLO, HELO, RSET, QUIT, VRFY, HELP (RFC 5321 §4.1.1).
internal sealed partial class SmtpSession
{
    private void Ehlo(ReadOnlySpan<byte> arguments)
    {
        if (arguments.Length == 0)
        {
            Fail(501, "5.5.4", "Syntax: EHLO hostname");
            return;
        }

        Greet(arguments, esmtp: true);
        _writer.Write(IsSecure ? _runtime.EhloSecure : _runtime.EhloPlain);
    }

    private void Helo(ReadOnlySpan<byte> arguments)
    {
        if (arguments.Length == 0)
        {
            Fail(501, "5.5.4", "Syntax: HELO hostname");
            return;
        }

        Greet(arguments, esmtp: false);
        Reply(250, "", Options.ServerName);
    }

    // RFC 5321 §4.1.4: EHLO/HELO resets any transaction, like RSET.
    private void Greet(ReadOnlySpan<byte> name, bool esmtp)
    {
        ResetEnvelope();
        HeloName = Encoding.UTF8.GetString(name);
        _esmtp = esmtp;
        _state = SmtpState.Ready;
    }

    private async ValueTask RsetAsync(ReadOnlyMemory<byte> arguments)
    {
        if (arguments.Length > 0)
        {
            Fail(501, "5.5.4", "Syntax: RSET");
            return;
        }

        await AbandonMessageAsync();
        Reply(250, "2.0.0", "OK");
    }

    private void Quit(ReadOnlySpan<byte> arguments)
    {
        if (arguments.Length > 0)
        {
            Fail(501, "5.5.4", "Syntax: QUIT");
            return;
        }

        Reply(221, "2.0.0", "Bye");
        _quit = true;
    }

    private void Vrfy(ReadOnlySpan<byte> arguments)
    {
        if (arguments.Length == 0)
        {
            Fail(501, "5.5.4", "Syntax: VRFY address");
            return;
        }

        // RFC 5321 §3.5.3: 252 when the server will not verify but accepts mail for delivery attempts.
        Reply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
    }

    private void Help() =>
        Reply(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH (RFC 5321)");
}
