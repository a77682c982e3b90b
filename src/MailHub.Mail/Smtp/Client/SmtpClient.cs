using System.Buffers;
using System.Text;
using MailHub.Mail.Net;

namespace MailHub.Mail.Smtp.Client;

/// <summary>
/// An SMTP submission client (RFC 5321): EHLO, STARTTLS, AUTH PLAIN/LOGIN/XOAUTH2, PIPELINING, SIZE, 8BITMIME,
/// SMTPUTF8, CHUNKING. Several messages may go over one connection; each after the first starts with RSET.
/// </summary>
public sealed class SmtpClient : IAsyncDisposable
{
    private const int ChunkSize = 256 * 1024;
    private readonly MailConnection connection;
    private readonly string localName;
    private bool needsReset;

    private SmtpClient(MailConnection connection, string localName)
    {
        this.connection = connection;
        this.localName = localName;
    }

    public MailEndpoint Endpoint => connection.Endpoint;

    /// <summary>The server's 220 greeting.</summary>
    public SmtpReply Greeting { get; private set; } = new(0, "");

    /// <summary>The extensions from the latest EHLO (after STARTTLS, the ones offered over TLS).</summary>
    public SmtpCapabilities Capabilities { get; private set; } = SmtpCapabilities.Legacy();

    public bool IsSecure => connection.IsSecure;

    public bool IsAuthenticated { get; private set; }

    /// <summary>Connects, reads the greeting, says EHLO (HELO when refused) and runs STARTTLS when the endpoint asks for it.</summary>
    public static async Task<SmtpClient> ConnectAsync(MailEndpoint endpoint, CancellationToken ct = default, string? localName = null)
    {
        var connection = await MailConnection.ConnectAsync(endpoint, ct);
        var name = localName ?? (connection.LocalAddress is { } ip
            ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[IPv6:{ip}]" : $"[{ip}]"
            : "localhost");
        var client = new SmtpClient(connection, name);
        try
        {
            await connection.RunAsync(async token =>
            {
                client.Greeting = await client.ReadReplyAsync(token);
                if (client.Greeting.Code != 220)
                    throw SmtpErrors.FromReply(endpoint, "connect", client.Greeting);
                await client.HelloAsync(token);
            }, ct);
            if (endpoint.Security == MailSecurity.StartTls)
            {
                if (!client.Capabilities.StartTls)
                    throw new MailProtocolException(MailErrorKind.TlsFailure,
                        $"{endpoint.Host} does not offer STARTTLS on port {endpoint.Port}: use implicit TLS (port 465) or, on a trusted network only, no TLS.");
                await connection.RunAsync(async token =>
                {
                    var reply = await client.CommandAsync("STARTTLS", token);
                    if (reply.Code != 220)
                        throw SmtpErrors.FromReply(endpoint, "STARTTLS", reply);
                }, ct);
                await connection.StartTlsAsync(ct);
                // RFC 3207 §4.2: forget everything learned before TLS and greet again.
                await connection.RunAsync(client.HelloAsync, ct);
            }
            return client;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>AUTH with a password: PLAIN when offered, else LOGIN; or the <paramref name="mechanism"/> asked for.</summary>
    public Task AuthenticateAsync(string user, string password, CancellationToken ct = default) =>
        AuthenticateAsync(user, password, null, ct);

    /// <inheritdoc cref="AuthenticateAsync(string, string, CancellationToken)"/>
    public Task AuthenticateAsync(string user, string password, string? mechanism, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var mechanisms = Capabilities.AuthMechanisms;
        if (mechanisms.Count == 0)
            throw new MailProtocolException(MailErrorKind.AuthenticationFailed, Capabilities.StartTls && !IsSecure
                ? $"{Endpoint.Host} offers authentication only after STARTTLS: set security to StartTls."
                : $"{Endpoint.Host} does not offer SMTP authentication on port {Endpoint.Port}: check the port (587 or 465 for submission).");
        return connection.RunAsync(async token =>
        {
            SmtpReply reply;
            var usePlain = mechanism is null ? mechanisms.Contains("PLAIN") || !mechanisms.Contains("LOGIN") : mechanism.Equals("PLAIN", StringComparison.OrdinalIgnoreCase);
            if (usePlain)
            {
                reply = await CommandAsync("AUTH PLAIN " + Sasl.Plain(user, password), token, "AUTH PLAIN ********");
            }
            else
            {
                reply = await CommandAsync("AUTH LOGIN", token);
                if (reply.Code == 334)
                    reply = await CommandAsync(Sasl.Base64(user), token, "********");
                if (reply.Code == 334)
                    reply = await CommandAsync(Sasl.Base64(password), token, "********");
            }
            if (reply.Code != 235)
                throw SmtpErrors.FromReply(Endpoint, "AUTH", reply);
            IsAuthenticated = true;
        }, ct);
    }

    /// <summary>AUTH XOAUTH2 with an access token (Gmail, Exchange Online).</summary>
    public Task AuthenticateOAuth2Async(string user, string accessToken, CancellationToken ct = default) =>
        connection.RunAsync(async token =>
        {
            var reply = await CommandAsync("AUTH XOAUTH2 " + Sasl.XOAuth2(user, accessToken), token, "AUTH XOAUTH2 ********");
            if (reply.Code == 334)
            {
                // The error challenge: a base64 JSON status. Answer with an empty line to get the final 5xx.
                var detail = Sasl.DecodeChallenge(reply.Text);
                connection.Log.Note("XOAUTH2 error: " + detail);
                var final = await CommandAsync("", token);
                throw new MailProtocolException(MailErrorKind.AuthenticationFailed,
                    $"{Endpoint.Host} refused the OAuth2 token ({detail}; {final}): get a fresh access token with the mail scope.", final.ToString());
            }
            if (reply.Code != 235)
                throw SmtpErrors.FromReply(Endpoint, "AUTH", reply);
            IsAuthenticated = true;
        }, ct);

    /// <summary>
    /// Sends one message, streaming it from <paramref name="message"/> (already MIME-encoded, CRLF or LF line ends).
    /// Refused recipients are reported in the result; the call fails only when nobody accepted the message or the
    /// server refused the sender or the data.
    /// </summary>
    public Task<SmtpSendResult> SendAsync(SmtpEnvelope envelope, Stream message, SmtpMessageOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(message);
        options ??= new SmtpMessageOptions();
        if (envelope.Recipients.Count == 0)
            throw new ArgumentException("A message needs at least one recipient.", nameof(envelope));
        var size = options.Size ?? (message.CanSeek ? message.Length - message.Position : null);
        if (size is { } s && Capabilities.MaxSize > 0 && s > Capabilities.MaxSize)
            throw new MailProtocolException(MailErrorKind.MessageRejected,
                $"The message is {s:N0} bytes but {Endpoint.Host} accepts at most {Capabilities.MaxSize:N0}: make it smaller (attachments as links).");
        if (options.Has8BitContent && !Capabilities.EightBitMime)
            throw new MailProtocolException(MailErrorKind.Permanent,
                $"{Endpoint.Host} does not accept 8-bit content (no 8BITMIME): re-encode the 8-bit parts as quoted-printable or base64 before sending.");
        var utf8 = options.NeedsSmtpUtf8 || !Ascii.IsValid(envelope.From) || envelope.Recipients.Any(r => !Ascii.IsValid(r));
        if (utf8 && !Capabilities.SmtpUtf8)
            throw new MailProtocolException(MailErrorKind.Permanent,
                $"{Endpoint.Host} does not accept internationalized addresses or headers (no SMTPUTF8): use ASCII addresses and RFC 2047 encoded headers.");

        var mail = new StringBuilder("MAIL FROM:<").Append(envelope.From).Append('>');
        if (size is { } known && Capabilities.MaxSize >= 0 && Capabilities.Has("SIZE"))
            mail.Append(" SIZE=").Append(known);
        if (Capabilities.EightBitMime)
            mail.Append(options.Has8BitContent ? " BODY=8BITMIME" : "");
        if (utf8)
            mail.Append(" SMTPUTF8");

        return connection.RunAsync(token => TransactAsync(mail.ToString(), envelope, message, token), ct);
    }

    private async Task<SmtpSendResult> TransactAsync(string mailCommand, SmtpEnvelope envelope, Stream message, CancellationToken ct)
    {
        var useBdat = Capabilities.Chunking;
        var commands = new List<string>();
        if (needsReset)
            commands.Add("RSET");
        commands.Add(mailCommand);
        commands.AddRange(envelope.Recipients.Select(r => "RCPT TO:<" + r + ">"));
        if (!useBdat)
            commands.Add("DATA");
        needsReset = true;

        // PIPELINING (RFC 2920): the whole group goes out in one write; replies come back in order.
        var replies = new List<SmtpReply>();
        if (Capabilities.Pipelining)
        {
            var batch = new StringBuilder();
            foreach (var c in commands)
            {
                connection.Log.Client(c);
                batch.Append(c).Append("\r\n");
            }
            await connection.WriteAsync(Encoding.UTF8.GetBytes(batch.ToString()), ct);
            foreach (var _ in commands)
                replies.Add(await ReadReplyAsync(ct));
        }
        else
        {
            var rcptStart = commands.IndexOf(mailCommand) + 1;
            foreach (var c in commands)
            {
                // Without pipelining stop early: no RCPT after a refused MAIL, no DATA when nobody was accepted.
                if (c == "DATA" && !replies.Skip(rcptStart).Any(r => r.IsPositive))
                    break;
                var reply = await CommandAsync(c, ct);
                replies.Add(reply);
                if (c == mailCommand && !reply.IsPositive)
                    break;
            }
        }

        var i = 0;
        if (commands[0] == "RSET")
            i++;
        var mailReply = replies[i++];
        var results = new List<SmtpRecipientResult>();
        for (var r = 0; r < envelope.Recipients.Count; r++)
            results.Add(new SmtpRecipientResult(envelope.Recipients[r], i < replies.Count ? replies[i++] : new SmtpReply(0, "not sent: MAIL FROM was refused")));
        var dataReply = useBdat ? null : i < replies.Count ? replies[i] : null;

        if (!mailReply.IsPositive)
        {
            await AbortDataAsync(dataReply, ct);
            throw SmtpErrors.FromReply(Endpoint, "MAIL", mailReply);
        }
        if (!results.Any(r => r.Accepted))
        {
            await AbortDataAsync(dataReply, ct);
            var all = string.Join("; ", results.Select(r => $"<{r.Address}> {r.Reply}"));
            var transient = results.All(r => r.Reply.IsTransient);
            throw new MailProtocolException(transient ? MailErrorKind.Temporary : MailErrorKind.MessageRejected,
                $"{Endpoint.Host} refused every recipient: {all}.", all);
        }

        SmtpReply final;
        if (useBdat)
        {
            final = await SendChunksAsync(message, ct);
        }
        else
        {
            if (dataReply is null || dataReply.Code != 354)
                throw SmtpErrors.FromReply(Endpoint, "DATA", dataReply ?? new SmtpReply(0, "no reply"));
            await SendDataAsync(message, ct);
            final = await ReadReplyAsync(ct);
        }
        if (!final.IsPositive)
            throw SmtpErrors.FromReply(Endpoint, useBdat ? "BDAT" : "DATA", final);
        return new SmtpSendResult(results, final);
    }

    private async Task AbortDataAsync(SmtpReply? dataReply, CancellationToken ct)
    {
        // RFC 2920 §3.1: a server that said 354 to a pipelined DATA anyway gets an empty message, which it must refuse.
        if (dataReply?.Code == 354)
        {
            await connection.WriteLineAsync(".", ct);
            await ReadReplyAsync(ct);
        }
    }

    private async Task SendDataAsync(Stream message, CancellationToken ct)
    {
        var encoder = new SmtpDataEncoder(dotStuff: true);
        var input = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var output = ArrayPool<byte>.Shared.Rent(ChunkSize * 2 + 8);
        try
        {
            long total = 0;
            int n;
            while ((n = await message.ReadAsync(input.AsMemory(0, ChunkSize), ct)) > 0)
            {
                var m = encoder.Encode(input.AsSpan(0, n), output);
                await connection.WriteAsync(output.AsMemory(0, m), ct);
                total += m;
            }
            var tail = encoder.EndsWithNewLine ? ".\r\n"u8 : "\r\n.\r\n"u8;
            await connection.WriteAsync(tail.ToArray(), ct);
            connection.Log.Client($"[{total:N0} bytes of message data]");
            connection.Log.Client(".");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    // RFC 3030: BDAT <size> [LAST] followed by exactly that many bytes, no dot-stuffing.
    private async Task<SmtpReply> SendChunksAsync(Stream message, CancellationToken ct)
    {
        var encoder = new SmtpDataEncoder(dotStuff: false);
        var input = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var current = ArrayPool<byte>.Shared.Rent(ChunkSize * 2 + 8);
        var next = ArrayPool<byte>.Shared.Rent(ChunkSize * 2 + 8);
        try
        {
            var n = await ReadFullAsync(message, input, ct);
            var length = encoder.Encode(input.AsSpan(0, n), current);
            while (true)
            {
                var m = n == 0 ? 0 : await ReadFullAsync(message, input, ct);
                var nextLength = encoder.Encode(input.AsSpan(0, m), next);
                var last = m == 0;
                if (last && !encoder.EndsWithNewLine)
                {
                    current[length++] = (byte)'\r';
                    current[length++] = (byte)'\n';
                }
                var header = last ? $"BDAT {length} LAST" : $"BDAT {length}";
                connection.Log.Client(header);
                await connection.WriteAsync(Encoding.ASCII.GetBytes(header + "\r\n"), ct);
                await connection.WriteAsync(current.AsMemory(0, length), ct);
                var reply = await ReadReplyAsync(ct);
                if (!reply.IsPositive || last)
                    return reply;
                (current, next) = (next, current);
                length = nextLength;
                n = m;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task<int> ReadFullAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < ChunkSize)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total, ChunkSize - total), ct);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    /// <summary>NOOP: checks the connection is alive.</summary>
    public Task NoopAsync(CancellationToken ct = default) =>
        connection.RunAsync(async token =>
        {
            var reply = await CommandAsync("NOOP", token);
            if (!reply.IsPositive)
                throw SmtpErrors.FromReply(Endpoint, "NOOP", reply);
        }, ct);

    /// <summary>QUIT and close. Errors while saying goodbye are ignored.</summary>
    public async Task QuitAsync(CancellationToken ct = default)
    {
        if (!connection.IsBroken)
        {
            try
            {
                await connection.RunAsync(token => CommandAsync("QUIT", token), ct);
            }
            catch (Exception e) when (e is MailProtocolException or TimeoutException)
            {
            }
        }
        await connection.DisposeAsync();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private async Task HelloAsync(CancellationToken ct)
    {
        var reply = await CommandAsync("EHLO " + localName, ct);
        if (reply.Code == 250)
        {
            Capabilities = SmtpCapabilities.Parse(reply);
            return;
        }
        if (reply.Code is 500 or 502 or 550)
        {
            reply = await CommandAsync("HELO " + localName, ct);
            if (reply.Code == 250)
            {
                Capabilities = SmtpCapabilities.Legacy();
                return;
            }
        }
        throw SmtpErrors.FromReply(Endpoint, "EHLO", reply);
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken ct, string? logAs = null)
    {
        await connection.WriteLineAsync(command, ct, logAs);
        return await ReadReplyAsync(ct);
    }

    internal async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        var text = new StringBuilder();
        while (true)
        {
            var line = await connection.Reader.ReadLineAsync(ct);
            connection.Log.Server(line);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code) || (line.Length > 3 && line[3] is not (' ' or '-')))
                throw new MailProtocolException(MailErrorKind.Protocol, $"{Endpoint.Host} sent a line that is not an SMTP reply: '{Truncate(line)}'.");
            if (text.Length > 0)
                text.Append('\n');
            text.Append(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
                return new SmtpReply(code, text.ToString());
        }
    }

    private static string Truncate(string s) => s.Length > 100 ? s[..100] + "…" : s;
}
