using System.Buffers.Text;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Session;

// AUTH PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login) under RFC 4954.
internal sealed partial class SmtpSession
{
    private enum ChallengeStatus
    {
        Ok,
        Cancelled,
        BadBase64,
        TooLong,
        Closed,
    }

    private async ValueTask AuthAsync(ReadOnlyMemory<byte> arguments)
    {
        if (AuthenticatedUser is not null)
        {
            Fail(503, "5.5.1", "Already authenticated"); // RFC 4954 §4
            return;
        }

        if (_runtime.Authenticator is null)
        {
            Fail(502, "5.5.1", "AUTH not available");
            return;
        }

        if (!IsSecure && !_runtime.Endpoint.AllowInsecureAuth)
        {
            Fail(538, "5.7.11", "Encryption required for requested authentication mechanism"); // RFC 4954 §6
            return;
        }

        var span = arguments.Span;
        var space = span.IndexOf((byte)' ');
        var mechanism = space < 0 ? span : span[..space];
        byte[]? initial = null;
        if (space >= 0)
        {
            // RFC 4954 §4: "=" is an empty initial response.
            var text = span[(space + 1)..].Trim((byte)' ');
            initial = text.SequenceEqual("="u8) ? [] : DecodeBase64(text);
            if (initial is null)
            {
                Fail(501, "5.5.2", "Cannot decode the initial response");
                return;
            }
        }

        (ChallengeStatus Status, string User, string Password) credentials;
        if (Ascii.EqualsIgnoreCase(mechanism, "PLAIN"u8))
        {
            credentials = await ReadPlainAsync(initial);
        }
        else if (Ascii.EqualsIgnoreCase(mechanism, "LOGIN"u8))
        {
            credentials = await ReadLoginAsync(initial);
        }
        else
        {
            Fail(504, "5.5.4", "Unrecognized authentication mechanism");
            return;
        }

        switch (credentials.Status)
        {
            case ChallengeStatus.Closed:
                _quit = true;
                return;
            case ChallengeStatus.Cancelled:
                Fail(501, "5.0.0", "Authentication cancelled");
                return;
            case ChallengeStatus.BadBase64:
                Fail(501, "5.5.2", "Cannot decode the response");
                return;
            case ChallengeStatus.TooLong:
                Fail(500, "5.5.6", "Authentication exchange line is too long");
                return;
        }

        bool accepted;
        try
        {
            accepted = await _runtime.Authenticator.AuthenticateAsync(credentials.User, credentials.Password, this, _stopping);
        }
        catch (SmtpResponseException e)
        {
            // The authenticator chose the reply, e.g. 454 4.7.0 when its account store is unreachable (RFC 4954 §6).
            Reply(e.Code, e.EnhancedCode, e.Text);
            return;
        }

        if (!accepted)
        {
            Fail(535, "5.7.8", "Authentication credentials invalid");
            return;
        }

        AuthenticatedUser = credentials.User;
        Reply(235, "2.7.0", "Authentication successful");
    }

    // RFC 4616 §2: [authzid] NUL authcid NUL passwd.
    private async ValueTask<(ChallengeStatus, string, string)> ReadPlainAsync(byte[]? initial)
    {
        var response = initial;
        if (response is null)
        {
            var (status, bytes) = await ChallengeAsync("");
            if (status != ChallengeStatus.Ok)
            {
                return (status, "", "");
            }

            response = bytes;
        }

        var parts = Encoding.UTF8.GetString(response).Split('\0');
        if (parts.Length != 3 || parts[1].Length == 0 || (parts[0].Length > 0 && parts[0] != parts[1]))
        {
            // Acting as another user (authzid ≠ authcid) is not supported.
            return (ChallengeStatus.Ok, "", "");
        }

        return (ChallengeStatus.Ok, parts[1], parts[2]);
    }

    private async ValueTask<(ChallengeStatus, string, string)> ReadLoginAsync(byte[]? initial)
    {
        var user = initial;
        if (user is null)
        {
            var (status, bytes) = await ChallengeAsync("VXNlcm5hbWU6"); // "Username:"
            if (status != ChallengeStatus.Ok)
            {
                return (status, "", "");
            }

            user = bytes;
        }

        var (passwordStatus, password) = await ChallengeAsync("UGFzc3dvcmQ6"); // "Password:"
        return passwordStatus != ChallengeStatus.Ok
            ? (passwordStatus, "", "")
            : (ChallengeStatus.Ok, Encoding.UTF8.GetString(user), Encoding.UTF8.GetString(password));
    }

    private async ValueTask<(ChallengeStatus, byte[])> ChallengeAsync(string challenge)
    {
        Reply(334, "", challenge);
        var length = await ReadLineAsync(MaxAuthLineLength, allowLongAuth: false);
        if (length == EndOfInput)
        {
            return (ChallengeStatus.Closed, []);
        }

        if (length == LineTooLong)
        {
            return (ChallengeStatus.TooLong, []);
        }

        var line = _line.AsSpan(0, length);
        if (line.SequenceEqual("*"u8))
        {
            return (ChallengeStatus.Cancelled, []); // RFC 4954 §4
        }

        var decoded = DecodeBase64(line);
        return decoded is null ? (ChallengeStatus.BadBase64, []) : (ChallengeStatus.Ok, decoded);
    }

    private static byte[]? DecodeBase64(ReadOnlySpan<byte> text)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        return Base64.DecodeFromUtf8(text, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            ? bytes[..written]
            : null;
    }
}
