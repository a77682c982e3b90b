using System.Globalization;
using MailHub.Mail.Net;

namespace MailHub.Mail.Pop3;

/// <summary>One message in the maildrop: its number in this session, size, and unique id (UIDL) when asked for.</summary>
public sealed record Pop3MessageInfo(int Number, long Size);

/// <summary>A POP3 client (RFC 1939, CAPA/SASL RFC 2449/5034, STLS RFC 2595).</summary>
public sealed class Pop3Client : IAsyncDisposable
{
    private readonly MailConnection connection;
    private readonly HashSet<string> capabilities = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> saslMechanisms = new(StringComparer.OrdinalIgnoreCase);

    private Pop3Client(MailConnection connection) => this.connection = connection;

    public MailEndpoint Endpoint => connection.Endpoint;

    public IReadOnlySet<string> Capabilities => capabilities;

    public IReadOnlySet<string> SaslMechanisms => saslMechanisms;

    public string Greeting { get; private set; } = "";

    public bool IsSecure => connection.IsSecure;

    public bool IsAuthenticated { get; private set; }

    public static async Task<Pop3Client> ConnectAsync(MailEndpoint endpoint, CancellationToken ct = default)
    {
        var connection = await MailConnection.ConnectAsync(endpoint, ct);
        var client = new Pop3Client(connection);
        try
        {
            await connection.RunAsync(async token =>
            {
                var greeting = await client.ReadStatusAsync(token);
                if (!greeting.Ok)
                    throw new MailProtocolException(MailErrorKind.Temporary, $"{endpoint.Host} refused the session: {greeting.Text}", greeting.Text);
                client.Greeting = greeting.Text;
            }, ct);
            await client.RefreshCapabilitiesAsync(ct);
            if (endpoint.Security == MailSecurity.StartTls)
            {
                if (!client.capabilities.Contains("STLS"))
                    throw new MailProtocolException(MailErrorKind.TlsFailure,
                        $"{endpoint.Host} does not offer STLS on port {endpoint.Port}: use implicit TLS (port 995).");
                await client.CommandOkAsync("STLS", "STLS", ct);
                await connection.StartTlsAsync(ct);
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

    /// <summary>CAPA (RFC 2449); servers without it simply have no capabilities listed.</summary>
    public Task RefreshCapabilitiesAsync(CancellationToken ct = default) =>
        connection.RunAsync(async token =>
        {
            capabilities.Clear();
            saslMechanisms.Clear();
            await connection.WriteLineAsync("CAPA", token);
            if (!(await ReadStatusAsync(token)).Ok)
                return;
            foreach (var line in await ReadLinesAsync(token))
            {
                var parts = line.Split(' ', 2);
                capabilities.Add(parts[0]);
                if (parts[0].Equals("SASL", StringComparison.OrdinalIgnoreCase) && parts.Length > 1)
                {
                    foreach (var m in parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        saslMechanisms.Add(m);
                }
            }
        }, ct);

    /// <summary>Logs in with AUTH PLAIN when offered, else USER/PASS.</summary>
    public async Task LoginAsync(string user, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (saslMechanisms.Contains("PLAIN"))
        {
            await AuthenticateAsync("PLAIN", Sasl.Plain(user, password), ct);
            return;
        }
        await connection.RunAsync(async token =>
        {
            await connection.WriteLineAsync("USER " + user, token);
            var reply = await ReadStatusAsync(token);
            if (reply.Ok)
            {
                await connection.WriteLineAsync("PASS " + password, token, "PASS ********");
                reply = await ReadStatusAsync(token);
            }
            if (!reply.Ok)
                throw Error("PASS", reply.Text);
        }, ct);
        IsAuthenticated = true;
    }

    public Task AuthenticatePlainAsync(string user, string password, CancellationToken ct = default) =>
        AuthenticateAsync("PLAIN", Sasl.Plain(user, password), ct);

    public Task AuthenticateOAuth2Async(string user, string accessToken, CancellationToken ct = default) =>
        AuthenticateAsync("XOAUTH2", Sasl.XOAuth2(user, accessToken), ct);

    private async Task AuthenticateAsync(string mechanism, string initialResponse, CancellationToken ct)
    {
        await connection.RunAsync(async token =>
        {
            // RFC 5034: the initial response may go on the AUTH line.
            await connection.WriteLineAsync($"AUTH {mechanism} {initialResponse}", token, $"AUTH {mechanism} ********");
            var line = await ReadLineLoggedAsync(token);
            string? challenge = null;
            if (line.StartsWith('+') && !line.StartsWith("+OK", StringComparison.OrdinalIgnoreCase))
            {
                challenge = Sasl.DecodeChallenge(line.TrimStart('+', ' '));
                await connection.WriteLineAsync("", token);
                line = await ReadLineLoggedAsync(token);
            }
            if (!line.StartsWith("+OK", StringComparison.OrdinalIgnoreCase))
                throw Error("AUTH", (line.StartsWith("-ERR", StringComparison.OrdinalIgnoreCase) ? line[4..].TrimStart() : line) + (challenge is null ? "" : " — " + challenge));
        }, ct);
        IsAuthenticated = true;
    }

    /// <summary>STAT: number of messages and total size in bytes.</summary>
    public Task<(int Count, long Size)> StatAsync(CancellationToken ct = default) =>
        connection.RunAsync(async token =>
        {
            var text = await CommandOkAsync("STAT", "STAT", token);
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var count) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var size))
                throw new MailProtocolException(MailErrorKind.Protocol, $"{Endpoint.Host} answered STAT with '{text}'.", text);
            return (count, size);
        }, ct);

    /// <summary>LIST: every message's number and size.</summary>
    public Task<IReadOnlyList<Pop3MessageInfo>> ListAsync(CancellationToken ct = default) =>
        connection.RunAsync<IReadOnlyList<Pop3MessageInfo>>(async token =>
        {
            await CommandOkAsync("LIST", "LIST", token);
            return (await ReadLinesAsync(token))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length >= 2)
                .Select(p => new Pop3MessageInfo(int.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToArray();
        }, ct);

    /// <summary>UIDL: message number → unique id, stable across sessions (the sync checkpoint).</summary>
    public Task<IReadOnlyDictionary<int, string>> UidlAsync(CancellationToken ct = default) =>
        connection.RunAsync<IReadOnlyDictionary<int, string>>(async token =>
        {
            await CommandOkAsync("UIDL", "UIDL", token);
            return (await ReadLinesAsync(token))
                .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Where(p => p.Length == 2)
                .ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => p[1]);
        }, ct);

    /// <summary>RETR: streams the message (dot-unstuffed, CRLF line ends) to <paramref name="destination"/>.</summary>
    public Task RetrieveAsync(int number, Stream destination, CancellationToken ct = default) =>
        connection.RunAsync(async token =>
        {
            await CommandOkAsync("RETR", $"RETR {number}", token);
            await Pop3DotReader.CopyAsync(connection.Reader, destination, token);
        }, ct);

    /// <summary>TOP: the headers and the first <paramref name="lines"/> body lines.</summary>
    public Task TopAsync(int number, int lines, Stream destination, CancellationToken ct = default) =>
        connection.RunAsync(async token =>
        {
            await CommandOkAsync("TOP", $"TOP {number} {lines}", token);
            await Pop3DotReader.CopyAsync(connection.Reader, destination, token);
        }, ct);

    /// <summary>DELE: marks a message; the server removes it at QUIT.</summary>
    public Task DeleteAsync(int number, CancellationToken ct = default) =>
        connection.RunAsync(token => CommandOkAsync("DELE", $"DELE {number}", token), ct);

    /// <summary>RSET: unmarks messages marked for deletion.</summary>
    public Task ResetAsync(CancellationToken ct = default) =>
        connection.RunAsync(token => CommandOkAsync("RSET", "RSET", token), ct);

    public Task NoopAsync(CancellationToken ct = default) =>
        connection.RunAsync(token => CommandOkAsync("NOOP", "NOOP", token), ct);

    /// <summary>QUIT: commits deletions and closes. A failure here means deletions may not have happened.</summary>
    public async Task QuitAsync(CancellationToken ct = default)
    {
        try
        {
            await connection.RunAsync(token => CommandOkAsync("QUIT", "QUIT", token), ct);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private async Task<string> CommandOkAsync(string name, string line, CancellationToken ct)
    {
        await connection.WriteLineAsync(line, ct);
        var reply = await ReadStatusAsync(ct);
        if (!reply.Ok)
            throw Error(name, reply.Text);
        return reply.Text;
    }

    private async Task<(bool Ok, string Text)> ReadStatusAsync(CancellationToken ct)
    {
        var line = await ReadLineLoggedAsync(ct);
        if (line.StartsWith("+OK", StringComparison.OrdinalIgnoreCase))
            return (true, line.Length > 4 ? line[4..] : "");
        if (line.StartsWith("-ERR", StringComparison.OrdinalIgnoreCase))
            return (false, line.Length > 5 ? line[5..] : "");
        throw new MailProtocolException(MailErrorKind.Protocol, $"{Endpoint.Host}:{Endpoint.Port} does not answer like a POP3 server ('{line}').");
    }

    private async Task<string> ReadLineLoggedAsync(CancellationToken ct)
    {
        var line = await connection.Reader.ReadLineAsync(ct);
        connection.Log.Server(line);
        return line;
    }

    private async Task<List<string>> ReadLinesAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineLoggedAsync(ct);
            if (line == ".")
                return lines;
            lines.Add(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line);
        }
    }

    private MailProtocolException Error(string command, string text)
    {
        // RFC 3206 response codes first, then what the command tells.
        var kind = text switch
        {
            _ when text.StartsWith("[AUTH]", StringComparison.OrdinalIgnoreCase) => MailErrorKind.AuthenticationFailed,
            _ when text.StartsWith("[SYS/TEMP]", StringComparison.OrdinalIgnoreCase) || text.StartsWith("[IN-USE]", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("[LOGIN-DELAY]", StringComparison.OrdinalIgnoreCase) => MailErrorKind.Temporary,
            _ when command is "PASS" or "AUTH" or "USER" => MailErrorKind.AuthenticationFailed,
            _ => MailErrorKind.Permanent,
        };
        var message = kind switch
        {
            MailErrorKind.AuthenticationFailed => MailProviders.AuthenticationFailedMessage(Endpoint, "-ERR " + text),
            MailErrorKind.Temporary => $"{Endpoint.Host} is temporarily unable to {command} (-ERR {text}): try again later.",
            _ => $"{Endpoint.Host} answered {command} with -ERR {text}.",
        };
        return new MailProtocolException(kind, message, "-ERR " + text);
    }
}
