using System.Buffers.Text;
using System.Text;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server.Session;

// MAIL and RCPT: the envelope of the transaction (RFC 5321 §4.1.1.2, §4.1.1.3).
internal sealed partial class SmtpSession
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<SmtpAddress> _recipients = [];
    private SmtpAddress? _mailFrom;
    private long? _declaredSize;
    private bool _body8Bit;
    private bool _smtpUtf8;

    private void Mail(ReadOnlySpan<byte> arguments)
    {
        switch (SmtpPathParser.Parse(arguments, "FROM:"u8, out var local, out var domain, out var parameters))
        {
            case PathSyntax.BadArguments:
                Fail(501, "5.5.4", "Syntax: MAIL FROM:<address>");
                return;
            case PathSyntax.BadAddress:
                Fail(501, "5.1.7", "Bad sender address syntax");
                return;
        }

        if (_runtime.Endpoint.AuthRequired && AuthenticatedUser is null)
        {
            Fail(530, "5.7.0", "Authentication required"); // RFC 4954 §6
            return;
        }

        long? size = null;
        bool body8Bit = false, smtpUtf8 = false;
        while (SmtpPathParser.NextParameter(ref parameters, out var key, out var value))
        {
            if (Ascii.EqualsIgnoreCase(key, "SIZE"u8))
            {
                if (!Utf8Parser.TryParse(value, out long declared, out var used) || used != value.Length || declared < 0)
                {
                    Fail(501, "5.5.4", "Syntax: SIZE=octets");
                    return;
                }

                size = declared;
            }
            else if (Ascii.EqualsIgnoreCase(key, "BODY"u8))
            {
                // RFC 6152 §3: 7BIT or 8BITMIME; BINARYMIME (RFC 3030 §3) is not offered.
                if (Ascii.EqualsIgnoreCase(value, "8BITMIME"u8))
                {
                    body8Bit = true;
                }
                else if (!Ascii.EqualsIgnoreCase(value, "7BIT"u8))
                {
                    Fail(555, "5.5.4", "Unsupported BODY type");
                    return;
                }
            }
            else if (Ascii.EqualsIgnoreCase(key, "SMTPUTF8"u8) && value.Length == 0)
            {
                smtpUtf8 = true;
            }
            else if (!Ascii.EqualsIgnoreCase(key, "AUTH"u8))
            {
                // RFC 4954 §5: AUTH=<mailbox> is accepted and ignored here. Anything else is unknown.
                Fail(555, "5.5.4", "MAIL FROM parameter not recognized or not implemented"); // RFC 5321 §4.1.1.11
                return;
            }
        }

        if (size > Options.MaxMessageSize)
        {
            Reply(552, "5.3.4", "Message size exceeds fixed maximum message size"); // RFC 1870 §6.2
            return;
        }

        if (!TryDecodeAddress(local, domain, smtpUtf8, out var sender, out var error))
        {
            Reply(error.Code, error.Enhanced, error.Text);
            return;
        }

        _mailFrom = sender;
        _declaredSize = size;
        _body8Bit = body8Bit;
        _smtpUtf8 = smtpUtf8;
        _state = SmtpState.MailGiven;
        Reply(250, "2.1.0", "Sender OK");
    }

    private async ValueTask RcptAsync(ReadOnlyMemory<byte> arguments)
    {
        if (!TryParseRecipient(arguments.Span, out var recipient))
        {
            return;
        }

        if (_recipients.Count >= Options.MaxRecipients)
        {
            Reply(452, "4.5.3", "Too many recipients"); // RFC 5321 §4.5.3.1.10
            return;
        }

        RecipientDecision decision;
        try
        {
            decision = await _runtime.RecipientPolicy.CanAcceptAsync(this, recipient, _stopping);
        }
        catch (SmtpResponseException e)
        {
            Reply(e.Code, e.EnhancedCode, e.Text);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            Reply(451, "4.3.0", "Recipient cannot be verified now, try again later");
            return;
        }

        if (decision.Accepted)
        {
            _recipients.Add(recipient);
            _state = SmtpState.RcptGiven;
        }

        Reply(decision.Code, decision.EnhancedCode, decision.Text);
    }

    private bool TryParseRecipient(ReadOnlySpan<byte> arguments, out SmtpAddress recipient)
    {
        recipient = SmtpAddress.Null;
        var syntax = SmtpPathParser.Parse(arguments, "TO:"u8, out var local, out var domain, out var parameters);
        if (syntax == PathSyntax.BadArguments)
        {
            Fail(501, "5.5.4", "Syntax: RCPT TO:<address>");
            return false;
        }

        if (syntax == PathSyntax.BadAddress || local.Length == 0)
        {
            Fail(501, "5.1.3", "Bad recipient address syntax");
            return false;
        }

        if (parameters.Length > 0)
        {
            Fail(555, "5.5.4", "RCPT TO parameter not recognized or not implemented"); // DSN (RFC 3461) is not offered
            return false;
        }

        if (!TryDecodeAddress(local, domain, _smtpUtf8, out recipient, out var error))
        {
            Reply(error.Code, error.Enhanced, error.Text);
            return false;
        }

        return true;
    }

    private static bool TryDecodeAddress(
        ReadOnlySpan<byte> local,
        ReadOnlySpan<byte> domain,
        bool smtpUtf8,
        out SmtpAddress address,
        out (int Code, string Enhanced, string Text) error)
    {
        address = SmtpAddress.Null;
        error = default;
        if (local.Length == 0 && domain.Length == 0)
        {
            return true;
        }

        if (!smtpUtf8 && (!Ascii.IsValid(local) || !Ascii.IsValid(domain)))
        {
            // RFC 6531 §3.5: non-ASCII addresses only in a transaction that declared SMTPUTF8.
            error = (553, "5.6.7", "Non-ASCII address requires MAIL FROM:<...> SMTPUTF8");
            return false;
        }

        try
        {
            address = new SmtpAddress(StrictUtf8.GetString(local), StrictUtf8.GetString(domain));
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = (501, "5.6.7", "Address is not valid UTF-8");
            return false;
        }
    }

    /// <summary>Forgets MAIL and RCPT. The caller deals with a message in progress.</summary>
    private void ResetEnvelope()
    {
        _mailFrom = null;
        _recipients.Clear();
        _declaredSize = null;
        _body8Bit = false;
        _smtpUtf8 = false;
        _state = HeloName is null ? SmtpState.Greeted : SmtpState.Ready;
    }

    private SmtpTransaction NewTransaction() => new()
    {
        Id = TransactionId.Next(),
        MailFrom = _mailFrom ?? SmtpAddress.Null,
        Recipients = [.. _recipients],
        ClientAddress = ClientAddress,
        HeloName = HeloName ?? "",
        EndpointName = EndpointName,
        TlsProtocol = TlsProtocol,
        AuthenticatedUser = AuthenticatedUser,
        ReceivedAt = _runtime.Time.GetUtcNow(),
        Body8Bit = _body8Bit,
        SmtpUtf8 = _smtpUtf8,
        DeclaredSize = _declaredSize,
    };
}
