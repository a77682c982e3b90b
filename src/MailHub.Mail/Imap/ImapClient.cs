using System.Globalization;
using System.Text;
using MailHub.Mail.Net;

namespace MailHub.Mail.Imap;

/// <summary>
/// An IMAP4rev1/IMAP4rev2 client (RFC 3501, RFC 9051) for mailbox sync: login, folders, search, fetch with streamed
/// bodies, flags, move, append, IDLE. One command at a time; untagged data is taken in whenever it comes.
/// </summary>
public sealed partial class ImapClient : IAsyncDisposable
{
    private readonly MailConnection connection;
    private readonly ImapParser parser;
    private readonly HashSet<string> capabilities = new(StringComparer.OrdinalIgnoreCase);
    private int nextTag;
    private string? bye;
    private string? alert;
    private bool idSent;

    private ImapClient(MailConnection connection)
    {
        this.connection = connection;
        parser = new ImapParser(connection.Reader, connection.Log);
    }

    public MailEndpoint Endpoint => connection.Endpoint;

    public IReadOnlySet<string> Capabilities => capabilities;

    public bool IsAuthenticated { get; private set; }

    public bool IsSecure => connection.IsSecure;

    /// <summary>The open folder, if any; Exists follows EXISTS/EXPUNGE the server sends.</summary>
    public ImapFolderStatus? SelectedFolder { get; private set; }

    /// <summary>Called with [ALERT] texts, which RFC 9051 §7.1 says must be shown to the user.</summary>
    public Action<string>? AlertReceived { get; set; }

    /// <summary>The server's answer to ID, when it sent one.</summary>
    public IReadOnlyDictionary<string, string?>? ServerId { get; private set; }

    /// <summary>How long IDLE runs before it is renewed (RFC 2177: servers may drop it after 30 minutes).</summary>
    public TimeSpan IdleRenewal { get; set; } = TimeSpan.FromMinutes(28);

    /// <summary>How often NOOP polls for new mail on servers without IDLE.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Supports(string capability) => capabilities.Contains(capability);

    /// <summary>Connects, reads the greeting, learns the capabilities and runs STARTTLS when the endpoint asks for it.</summary>
    public static async Task<ImapClient> ConnectAsync(MailEndpoint endpoint, CancellationToken ct = default)
    {
        var connection = await MailConnection.ConnectAsync(endpoint, ct);
        var client = new ImapClient(connection);
        try
        {
            await connection.RunAsync(async token =>
            {
                var greeting = await client.parser.ReadAsync(null, token);
                if (greeting.Name == "BYE")
                    throw new MailProtocolException(MailErrorKind.Temporary, $"{endpoint.Host} refused the session: {greeting.Text}", greeting.ToString());
                if (greeting.Kind != ImapResponseKind.Untagged || greeting.Name is not ("OK" or "PREAUTH"))
                    throw new MailProtocolException(MailErrorKind.Protocol, $"{endpoint.Host}:{endpoint.Port} does not look like an IMAP server (greeting: {greeting}).");
                client.TakeResponseCode(greeting);
                client.IsAuthenticated = greeting.Name == "PREAUTH";
            }, ct);
            if (client.capabilities.Count == 0)
                await client.RefreshCapabilitiesAsync(ct);
            if (endpoint.Security == MailSecurity.StartTls)
            {
                if (!client.Supports("STARTTLS"))
                    throw new MailProtocolException(MailErrorKind.TlsFailure,
                        $"{endpoint.Host} does not offer STARTTLS on port {endpoint.Port}: use implicit TLS (port 993).");
                await client.ExecuteOkAsync(new ImapCommand("STARTTLS").Raw("STARTTLS"), ct);
                await connection.StartTlsAsync(ct);
                client.capabilities.Clear();
                await client.RefreshCapabilitiesAsync(ct);
            }
            return client;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task RefreshCapabilitiesAsync(CancellationToken ct = default)
    {
        capabilities.Clear();
        await ExecuteOkAsync(new ImapCommand("CAPABILITY").Raw("CAPABILITY"), ct);
    }

    /// <summary>LOGIN (or AUTHENTICATE PLAIN where LOGIN is disabled), then ID where wanted.</summary>
    public async Task LoginAsync(string user, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (Supports("LOGINDISABLED"))
        {
            if (!Supports("AUTH=PLAIN"))
                throw new MailProtocolException(MailErrorKind.AuthenticationFailed,
                    $"{Endpoint.Host} does not allow a password login on this connection: use STARTTLS or implicit TLS (port 993).");
            await AuthenticatePlainAsync(user, password, ct);
            return;
        }
        var status = await ExecuteOkAsync(new ImapCommand("LOGIN").Raw("LOGIN ").String(user).Raw(" ").String(password, secret: true), ct);
        await AfterLoginAsync(status.CodeName == "CAPABILITY", ct);
    }

    /// <summary>AUTHENTICATE PLAIN (RFC 4616), with the initial response inline when SASL-IR is offered.</summary>
    public Task AuthenticatePlainAsync(string user, string password, CancellationToken ct = default) =>
        AuthenticateAsync("PLAIN", Sasl.Plain(user, password), ct);

    /// <summary>AUTHENTICATE XOAUTH2 with an access token (Gmail, Exchange Online).</summary>
    public Task AuthenticateOAuth2Async(string user, string accessToken, CancellationToken ct = default) =>
        AuthenticateAsync("XOAUTH2", Sasl.XOAuth2(user, accessToken), ct);

    private async Task AuthenticateAsync(string mechanism, string initialResponse, CancellationToken ct)
    {
        var response = await connection.RunAsync(async token =>
        {
            var tag = NextTag();
            var inline = Supports("SASL-IR");
            var line = inline ? $"{tag} AUTHENTICATE {mechanism} {initialResponse}" : $"{tag} AUTHENTICATE {mechanism}";
            await connection.WriteLineAsync(line, token, $"{tag} AUTHENTICATE {mechanism}" + (inline ? " ********" : ""));
            var sentResponse = inline;
            string? challenge = null;
            while (true)
            {
                var r = await ReadAsync(null, token);
                if (r.Kind == ImapResponseKind.Continuation)
                {
                    if (!sentResponse)
                    {
                        await connection.WriteLineAsync(initialResponse, token, "********");
                        sentResponse = true;
                    }
                    else
                    {
                        // XOAUTH2's error challenge (base64 JSON): an empty line gets the final NO.
                        challenge = Sasl.DecodeChallenge(r.Text);
                        await connection.WriteLineAsync("", token);
                    }
                    continue;
                }
                if (r.Kind == ImapResponseKind.Tagged && r.Tag == tag)
                {
                    TakeResponseCode(r);
                    return (r, challenge);
                }
                Untagged(r);
            }
        }, ct);
        if (response.r.Name != "OK")
            throw ImapErrors.FromStatus(Endpoint, "AUTHENTICATE", response.r, response.challenge ?? alert);
        await AfterLoginAsync(response.r.CodeName == "CAPABILITY", ct);
    }

    private async Task AfterLoginAsync(bool capabilitiesSent, CancellationToken ct)
    {
        IsAuthenticated = true;
        // Capabilities change after login; servers often send them in the OK's response code.
        if (!capabilitiesSent)
            await RefreshCapabilitiesAsync(ct);
        if (Supports("ID") || Endpoint.Provider == MailProvider.NetEase)
            await SendIdAsync(ct);
    }

    /// <summary>
    /// ID (RFC 2971). NetEase (163/126/yeah.net) refuses SELECT with "Unsafe Login" until the client identifies itself,
    /// so this is sent automatically after login where offered.
    /// </summary>
    public async Task SendIdAsync(CancellationToken ct = default)
    {
        idSent = true;
        var version = typeof(ImapClient).Assembly.GetName().Version?.ToString(2) ?? "1.0";
        var command = new ImapCommand("ID").Raw($"ID (\"name\" \"MailHub\" \"version\" \"{version}\" \"vendor\" \"MailHub\")");
        var (status, _) = await ExecuteAsync(command, null, null, ct);
        if (status.Name == "BAD")
            connection.Log.Note("server refused ID: " + status);
    }

    /// <summary>LOGOUT and close; errors while saying goodbye are ignored.</summary>
    public async Task LogoutAsync(CancellationToken ct = default)
    {
        if (!connection.IsBroken)
        {
            try
            {
                await ExecuteAsync(new ImapCommand("LOGOUT").Raw("LOGOUT"), null, null, ct);
            }
            catch (Exception e) when (e is MailProtocolException or TimeoutException)
            {
            }
        }
        await connection.DisposeAsync();
    }

    /// <summary>NOOP: lets the server report new messages and keeps the connection alive.</summary>
    public Task NoopAsync(CancellationToken ct = default) => ExecuteOkAsync(new ImapCommand("NOOP").Raw("NOOP"), ct);

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private string NextTag() => "A" + (++nextTag).ToString("0000", CultureInfo.InvariantCulture);

    private async Task<ImapResponse> ExecuteOkAsync(ImapCommand command, CancellationToken ct, Action<ImapResponse>? onUntagged = null)
    {
        var (status, commandAlert) = await ExecuteAsync(command, onUntagged, null, ct);
        if (status.Name != "OK")
            throw ImapErrors.FromStatus(Endpoint, command.Name, status, commandAlert);
        return status;
    }

    /// <summary>Sends a command (waiting for "+" before each literal unless LITERAL+ allows otherwise) and reads to its tagged status.</summary>
    private Task<(ImapResponse Status, string? Alert)> ExecuteAsync(ImapCommand command, Action<ImapResponse>? onUntagged, ImapParser.BodySink? sink,
        CancellationToken ct, TimeSpan? timeout = null) =>
        connection.RunAsync(async token =>
        {
            alert = null;
            var tag = NextTag();
            connection.Log.Client(tag + " " + command.LogText);
            var nonSync = Supports("LITERAL+") || Supports("LITERAL-") && command.Segments.All(s => s.LiteralLength <= 4096);
            var segments = command.Segments;
            for (var i = 0; i < segments.Count; i++)
            {
                var s = segments[i];
                var text = (i == 0 ? tag + " " : "") + s.Text;
                if (s.Literal is null)
                {
                    await connection.WriteAsync(Encoding.UTF8.GetBytes(text + "\r\n"), token);
                    continue;
                }
                await connection.WriteAsync(Encoding.UTF8.GetBytes(text + (nonSync ? $"{{{s.LiteralLength}+}}\r\n" : $"{{{s.LiteralLength}}}\r\n")), token);
                if (!nonSync)
                {
                    while (true)
                    {
                        var r = await ReadAsync(sink, token);
                        if (r.Kind == ImapResponseKind.Continuation)
                            break;
                        if (r.Kind == ImapResponseKind.Tagged && r.Tag == tag)
                            return (r, alert);
                        Untagged(r);
                        onUntagged?.Invoke(r);
                    }
                }
                await CopyLiteralAsync(s.Literal, s.LiteralLength, token);
            }
            while (true)
            {
                var r = await ReadAsync(sink, token);
                if (r.Kind == ImapResponseKind.Tagged && r.Tag == tag)
                {
                    TakeResponseCode(r);
                    return (r, alert);
                }
                if (r.Kind == ImapResponseKind.Continuation)
                    continue;
                Untagged(r);
                onUntagged?.Invoke(r);
            }
        }, ct, timeout);

    private async Task CopyLiteralAsync(Stream literal, long length, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(length, 256 * 1024)];
        var left = length;
        while (left > 0)
        {
            var n = await literal.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (n == 0)
                throw new InvalidOperationException($"The message stream ended {left} bytes before the length it announced.");
            await connection.WriteAsync(buffer.AsMemory(0, n), ct);
            left -= n;
        }
    }

    private async ValueTask<ImapResponse> ReadAsync(ImapParser.BodySink? sink, CancellationToken ct)
    {
        try
        {
            return await parser.ReadAsync(sink, ct);
        }
        catch (MailProtocolException e) when (bye is not null && e.ServerResponse is null)
        {
            throw new MailProtocolException(MailErrorKind.Temporary, $"{Endpoint.Host} ended the session: {bye}", bye, e);
        }
    }

    /// <summary>Untagged data any command may see.</summary>
    private void Untagged(ImapResponse r)
    {
        switch (r.Name)
        {
            case "CAPABILITY":
                capabilities.Clear();
                foreach (var c in r.Values.OfType<string>())
                    capabilities.Add(c);
                break;
            case "EXISTS" when SelectedFolder is not null:
                SelectedFolder = SelectedFolder with { Exists = r.Number ?? 0 };
                break;
            case "EXPUNGE" when SelectedFolder is { Exists: > 0 }:
                SelectedFolder = SelectedFolder with { Exists = SelectedFolder.Exists - 1 };
                break;
            case "BYE":
                bye = r.Text;
                break;
            case "ID":
                ServerId = r.Values.FirstOrDefault() is List<object?> pairs
                    ? pairs.Chunk(2).Where(p => p.Length == 2 && p[0] is string).ToDictionary(p => (string)p[0]!, p => p[1] as string)
                    : null;
                break;
            case "OK" or "NO" or "BAD":
                TakeResponseCode(r);
                break;
        }
    }

    private void TakeResponseCode(ImapResponse r)
    {
        switch (r.CodeName)
        {
            case "CAPABILITY":
                capabilities.Clear();
                foreach (var c in r.CodeArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    capabilities.Add(c);
                break;
            case "ALERT":
                alert = r.Text;
                connection.Log.Note("ALERT: " + r.Text);
                AlertReceived?.Invoke(r.Text);
                break;
        }
    }
}
