using System.Net.Security;
using System.Security.Authentication;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server.Session;

// STARTTLS (RFC 3207) and implicit TLS (RFC 8314).
internal sealed partial class SmtpSession
{
    private async ValueTask StartTlsAsync(ReadOnlyMemory<byte> arguments)
    {
        if (arguments.Length > 0)
        {
            Fail(501, "5.5.4", "Syntax: STARTTLS");
            return;
        }

        if (IsSecure)
        {
            Fail(503, "5.5.1", "TLS already active");
            return;
        }

        if (!_runtime.OffersStartTls)
        {
            Fail(502, "5.5.1", "STARTTLS not offered here");
            return;
        }

        Reply(220, "2.0.0", "Ready to start TLS");
        await FlushAsync();

        // Whatever the client sent after STARTTLS in plain text is dropped unread, never executed
        // after the handshake (the command injection of CVE-2011-0411).
        if (_reader.TryRead(out var injected))
        {
            _reader.AdvanceTo(injected.Buffer.End);
        }

        await _reader.CompleteAsync();
        await _writer.CompleteAsync();
        if (!await TryHandshakeAsync())
        {
            _transportLost = true; // the plain-text pipes are completed; nothing more can be said
            _quit = true;
            return;
        }

        // RFC 3207 §4.2: forget everything learnt before TLS; the client must send EHLO again.
        HeloName = null;
        _esmtp = false;
        AuthenticatedUser = null;
        ResetEnvelope();
        _state = SmtpState.Greeted;
    }

    /// <summary>Wraps the connection in TLS; false when the handshake failed and the connection is done.</summary>
    private async ValueTask<bool> TryHandshakeAsync()
    {
        var tls = new SslStream(_network, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        timeout.CancelAfter(Options.TlsHandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = _runtime.Certificate,
                    ClientCertificateRequired = false,
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync();
            return false;
        }

        _stream = tls;
        TlsProtocol = tls.SslProtocol;
        (_reader, _writer) = CreatePipes(tls);
        return true;
    }
}
