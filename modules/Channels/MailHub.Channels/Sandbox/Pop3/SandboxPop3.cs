using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailHub.Channels.Mailboxes;
using MailHub.Core.Accounts;
using MailHub.Mail.Smtp.Server;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Channels.Sandbox.Pop3;

/// <summary>
/// POP3 (RFC 1939) access to a sandbox mailbox's mail, as Mailpit offers, so a QA team can point its own POP3 client at MailHub:
/// <c>MailHub:Sandbox:Pop3</c> is "address:port" per node (default 127.0.0.1:1110; port 0 takes any free port, logged; empty or
/// "off" turns it off, as a second node on one machine needs). The user is a sandbox mailbox's address, the password an API token
/// (POST /api/auth/token) of an admin or supervisor; USER/PASS or SASL PLAIN (RFC 5034), after STLS (RFC 2595) unless the client
/// is on loopback. A bind failure leaves the host running without it.
/// <para>
/// The maildrop is the mailbox's mail both ways, oldest first: what it received (as stored, our Received field first) and what it
/// sent and the sandbox captured. The issue asks for "a sandbox mailbox's mail" with the mailbox's address as the user: a POP3
/// client logged in as an address expects what was sent to it (its inbox), and QA reads the mailbox's captured replies the way
/// Mailpit serves what it caught, so neither half alone is what a client pointed at it expects. DELE then QUIT deletes a capture
/// from the sandbox; a received message only leaves this maildrop (channels.sandbox_pop3_deleted), since its conversation is
/// made of it.
/// </para>
/// </summary>
internal sealed partial class SandboxPop3(
    IConfiguration configuration,
    NpgsqlDataSource dataSource,
    MailboxStore mailboxes,
    AccountSessions sessions,
    IOptionsMonitor<BearerTokenOptions> bearer,
    IOptions<SmtpServerOptions> smtp,
    TimeProvider time,
    ILogger<SandboxPop3> logger) : BackgroundService
{
    public const string Setting = "MailHub:Sandbox:Pop3";
    public const string DefaultEndpoint = "127.0.0.1:1110";

    private TcpListener? _listener;

    private NpgsqlDataSource Data => dataSource;
    private X509Certificate2? _certificate;

    /// <summary>Where it listens (the port as bound), or null when it is off or could not bind.</summary>
    public IPEndPoint? Endpoint => _listener?.LocalEndpoint as IPEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var setting = configuration[Setting] ?? DefaultEndpoint;
        if (string.IsNullOrWhiteSpace(setting) || setting.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            LogOff();
            return Task.CompletedTask;
        }
        try
        {
            var listener = new TcpListener(IPEndPoint.Parse(setting));
            listener.Start();
            _listener = listener;
            LogListening(listener.LocalEndpoint);
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            LogBindFailed(e, setting);
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is not { } listener)
            return;
        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stoppingToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stoppingToken.IsCancellationRequested)
                    return;
                continue;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await new Session(this, client, stoppingToken).RunAsync();
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                        or System.Security.Authentication.AuthenticationException)
                    {
                        // The client went away or failed its TLS handshake.
                    }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException)
                    {
                        LogSessionFailed(e);
                    }
                }
            }, CancellationToken.None);
        }
    }

    private X509Certificate2 Certificate() => _certificate ??= ServerCertificate.Resolve(smtp.Value, time); // the SMTP listener's

    /// <summary>The sandbox mailbox a login names, when the token is a live admin's or supervisor's; null otherwise.</summary>
    private async Task<Mailbox?> LoginAsync(string user, string token, CancellationToken cancellationToken)
    {
        var ticket = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector.Unprotect(token.Trim());
        if (ticket?.Principal is not { } principal || ticket.Properties.ExpiresUtc is not { } expires || expires < time.GetUtcNow())
            return null;
        if (!principal.SeesAllTeams() || principal.SessionId() is not { } session
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var account)
            || await sessions.FindAsync(session, account, cancellationToken) is not { MustChangePassword: false })
            return null;
        var all = await mailboxes.ListAsync(cancellationToken);
        return all.FirstOrDefault(m => m.IsSandbox && string.Equals(m.Address, user.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One message of the maildrop: a capture (sandbox_messages) or received mail (inbound_messages).</summary>
    private sealed record Item(Guid Id, long Size, bool Received);

    /// <summary>One connection: AUTHORIZATION, TRANSACTION and UPDATE states (RFC 1939 §3).</summary>
    private sealed class Session(SandboxPop3 server, TcpClient client, CancellationToken stopping)
    {
        private Stream _stream = client.GetStream();
        private StreamReader _reader = null!;
        private string? _user;
        private Mailbox? _mailbox;
        private List<Item> _items = [];
        private readonly HashSet<int> _deleted = [];

        private bool Secure => _stream is SslStream;

        private bool Loopback => client.Client.RemoteEndPoint is IPEndPoint remote && IPAddress.IsLoopback(remote.Address);

        public async Task RunAsync()
        {
            _reader = new StreamReader(_stream, Encoding.Latin1, false, 1024, leaveOpen: true);
            await SendAsync("+OK MailHub sandbox POP3 ready");
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            while (true)
            {
                idle.CancelAfter(TimeSpan.FromMinutes(10)); // RFC 1939 §3: an autologout timer of at least 10 minutes
                var line = await _reader.ReadLineAsync(idle.Token);
                if (line is null)
                    return;
                if (line.Length > 512)
                {
                    await SendAsync("-ERR Line too long");
                    continue;
                }
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var command = (space < 0 ? line : line[..space]).ToUpperInvariant();
                var argument = space < 0 ? "" : line[(space + 1)..];
                if (!await HandleAsync(command, argument))
                    return;
            }
        }

        private async Task<bool> HandleAsync(string command, string argument)
        {
            switch (command)
            {
                case "CAPA": // RFC 2449
                    await SendAsync("+OK Capability list follows");
                    foreach (var capability in new[] { "USER", "SASL PLAIN", "UIDL", "TOP", "RESP-CODES", "AUTH-RESP-CODE", "IMPLEMENTATION MailHub-sandbox" })
                        await SendAsync(capability);
                    if (!Secure && _mailbox is null)
                        await SendAsync("STLS");
                    await SendAsync(".");
                    return true;
                case "QUIT":
                    if (_mailbox is not null)
                        await UpdateAsync();
                    await SendAsync("+OK MailHub sandbox POP3 signing off");
                    return false;
                case "NOOP" when _mailbox is not null:
                    await SendAsync("+OK");
                    return true;
            }
            return _mailbox is null ? await AuthorizationAsync(command, argument) : await TransactionAsync(command, argument);
        }

        private async Task<bool> AuthorizationAsync(string command, string argument)
        {
            switch (command)
            {
                case "STLS" when !Secure: // RFC 2595 §4
                    await SendAsync("+OK Begin TLS negotiation");
                    var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = server.Certificate() }, stopping);
                    _stream = tls;
                    _reader = new StreamReader(_stream, Encoding.Latin1, false, 1024, leaveOpen: true);
                    _user = null;
                    return true;
                case "USER" or "PASS" or "AUTH" when !Secure && !Loopback:
                    await SendAsync("-ERR [AUTH] Use STLS first: a token is not sent in plain text");
                    return true;
                case "USER":
                    _user = argument.Trim();
                    await SendAsync(_user.Length > 0 ? "+OK Send the API token as PASS" : "-ERR USER needs the sandbox mailbox's address");
                    return true;
                case "PASS" when _user is not null:
                    return await LogInAsync(_user, argument);
                case "AUTH" when argument.Trim().Split(' ')[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase): // RFC 5034
                    var parts = argument.Trim().Split(' ', 2);
                    var response = parts.Length > 1 ? parts[1] : null;
                    if (response is null)
                    {
                        await SendAsync("+ ");
                        response = await _reader.ReadLineAsync(stopping) ?? "*";
                    }
                    if (response.Trim() == "*")
                    {
                        await SendAsync("-ERR AUTH cancelled");
                        return true;
                    }
                    string[] fields;
                    try
                    {
                        fields = Encoding.UTF8.GetString(Convert.FromBase64String(response.Trim() == "=" ? "" : response.Trim())).Split('\0');
                    }
                    catch (FormatException)
                    {
                        await SendAsync("-ERR Not base64");
                        return true;
                    }
                    if (fields.Length != 3)
                    {
                        await SendAsync("-ERR PLAIN is authzid NUL user NUL token");
                        return true;
                    }
                    return await LogInAsync(fields[1], fields[2]);
                case "AUTH":
                    await SendAsync("-ERR Only SASL PLAIN is offered");
                    return true;
                default:
                    await SendAsync("-ERR Log in first (USER and PASS, or AUTH PLAIN)");
                    return true;
            }
        }

        private async Task<bool> LogInAsync(string user, string token)
        {
            _mailbox = await server.LoginAsync(user, token, stopping);
            _user = null;
            if (_mailbox is null)
            {
                // RFC 3206 [AUTH]: the credentials are wrong; say what they must be.
                await SendAsync("-ERR [AUTH] The user is a sandbox mailbox's address, the password an API token of an admin or supervisor");
                return true;
            }
            await using var command = server.Data.CreateCommand("""
                SELECT id, size, false, captured_at AS at FROM channels.sandbox_messages WHERE mailbox_id = $1
                UNION ALL
                SELECT i.id, i.size, true, i.received_at FROM channels.inbound_messages i
                WHERE i.mailbox_id = $1 AND NOT EXISTS (SELECT 1 FROM channels.sandbox_pop3_deleted d WHERE d.mailbox_id = $1 AND d.message_id = i.id)
                ORDER BY at, id
                """);
            command.Parameters.Add(new() { Value = _mailbox.Id });
            await using var reader = await command.ExecuteReaderAsync(stopping);
            while (await reader.ReadAsync(stopping))
                _items.Add(new Item(reader.GetGuid(0), reader.GetInt64(1), reader.GetBoolean(2)));
            await SendAsync($"+OK {_mailbox.Address} has {_items.Count} messages ({_items.Sum(i => i.Size)} octets)");
            return true;
        }

        private async Task<bool> TransactionAsync(string command, string argument)
        {
            var visible = Enumerable.Range(1, _items.Count).Where(n => !_deleted.Contains(n)).ToList();
            switch (command)
            {
                case "STAT":
                    await SendAsync($"+OK {visible.Count} {visible.Sum(n => _items[n - 1].Size)}");
                    return true;
                case "LIST" or "UIDL":
                    string Line(int n) => command == "LIST" ? $"{n} {_items[n - 1].Size}" : $"{n} {_items[n - 1].Id:N}";
                    if (argument.Length > 0)
                    {
                        if (Number(argument) is not { } one)
                            await SendAsync("-ERR No such message");
                        else
                            await SendAsync("+OK " + Line(one));
                        return true;
                    }
                    await SendAsync($"+OK {visible.Count} messages");
                    foreach (var n in visible)
                        await SendAsync(Line(n));
                    await SendAsync(".");
                    return true;
                case "RETR" or "TOP":
                    var args = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (args.Length == 0 || Number(args[0]) is not { } number
                        || (command == "TOP" && (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))))
                    {
                        await SendAsync("-ERR No such message");
                        return true;
                    }
                    var content = await ContentAsync(_items[number - 1]);
                    if (content is null)
                    {
                        await SendAsync("-ERR That message was deleted from the sandbox meanwhile");
                        return true;
                    }
                    await SendAsync(command == "RETR" ? $"+OK {content.Length} octets" : "+OK Top of message follows");
                    await WriteMessageAsync(content, command == "TOP" ? int.Parse(args[1], CultureInfo.InvariantCulture) : null);
                    return true;
                case "DELE":
                    if (Number(argument) is not { } dele)
                    {
                        await SendAsync("-ERR No such message");
                        return true;
                    }
                    _deleted.Add(dele);
                    await SendAsync($"+OK Message {dele} deleted");
                    return true;
                case "RSET":
                    _deleted.Clear();
                    await SendAsync($"+OK {_items.Count} messages");
                    return true;
                default:
                    await SendAsync("-ERR Unknown command");
                    return true;
            }
        }

        /// <summary>A message number of the maildrop not marked deleted (RFC 1939 §5).</summary>
        private int? Number(string text) =>
            int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _items.Count && !_deleted.Contains(n) ? n : null;

        /// <summary>A capture's bytes, or received mail as stored (our Received field, then what the sender sent); null when it is gone.</summary>
        private async Task<byte[]?> ContentAsync(Item item)
        {
            await using var command = server.Data.CreateCommand(item.Received
                ? """
                  SELECT i.trace_header || r.content FROM channels.inbound_messages i JOIN channels.raw_messages r ON r.sha256 = i.sha256
                  WHERE i.id = $1
                  """
                : "SELECT content FROM channels.sandbox_messages WHERE id = $1");
            command.Parameters.Add(new() { Value = item.Id });
            return await command.ExecuteScalarAsync(stopping) as byte[];
        }

        /// <summary>The message's lines, dot-stuffed, then "." (RFC 1939 §3); TOP: the header, the blank line and <paramref name="top"/> body lines.</summary>
        private async Task WriteMessageAsync(byte[] content, int? top)
        {
            var output = new MemoryStream(content.Length + 64);
            var start = 0;
            var inBody = false;
            var bodyLines = 0;
            while (start < content.Length)
            {
                var end = Array.IndexOf(content, (byte)'\n', start);
                var next = end < 0 ? content.Length : end + 1;
                var length = (end < 0 ? content.Length : end) - start;
                if (length > 0 && content[start + length - 1] == '\r')
                    length--;
                if (inBody && top is { } limit && bodyLines++ >= limit)
                    break;
                if (length > 0 && content[start] == '.')
                    output.WriteByte((byte)'.');
                output.Write(content, start, length);
                output.Write("\r\n"u8);
                if (!inBody && length == 0)
                    inBody = true;
                start = next;
            }
            output.Write(".\r\n"u8);
            await _stream.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), stopping);
            await _stream.FlushAsync(stopping);
        }

        /// <summary>
        /// The UPDATE state (RFC 1939 §6): captures marked deleted leave the sandbox; received mail marked deleted leaves this
        /// mailbox's maildrop (it stays in MailHub, its conversation is made of it).
        /// </summary>
        private async Task UpdateAsync()
        {
            if (_deleted.Count == 0)
                return;
            var marked = _deleted.Select(n => _items[n - 1]).ToList();
            await using var batch = server.Data.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM channels.sandbox_messages WHERE id = ANY($1)")
            {
                Parameters = { new() { Value = marked.Where(i => !i.Received).Select(i => i.Id).ToArray() } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO channels.sandbox_pop3_deleted (mailbox_id, message_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING
                """)
            {
                Parameters = { new() { Value = _mailbox!.Id }, new() { Value = marked.Where(i => i.Received).Select(i => i.Id).ToArray() } },
            });
            await batch.ExecuteNonQueryAsync(stopping);
        }

        private async Task SendAsync(string line)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), stopping);
            await _stream.FlushAsync(stopping);
        }
    }

    [LoggerMessage(LogLevel.Information, "Sandbox POP3 listening on {Endpoint}")]
    private partial void LogListening(EndPoint endpoint);

    [LoggerMessage(LogLevel.Error, "The sandbox POP3 server could not listen on {Setting}: set MailHub:Sandbox:Pop3 on this node to a free address:port, 127.0.0.1:0 for any free port, or empty to turn it off")]
    private partial void LogBindFailed(Exception e, string setting);

    [LoggerMessage(LogLevel.Information, "Sandbox POP3 is off on this node (MailHub:Sandbox:Pop3 is empty)")]
    private partial void LogOff();

    [LoggerMessage(LogLevel.Warning, "A sandbox POP3 session failed")]
    private partial void LogSessionFailed(Exception e);
}
