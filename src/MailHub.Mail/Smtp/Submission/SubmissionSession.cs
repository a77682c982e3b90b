using System.Text;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Smtp;

namespace MailHub.Mail.Smtp.Submission;

/// <summary>
/// One SMTP connection to a submission server (connect, TLS, AUTH once) for several messages, each its own mail
/// transaction: RFC 5321 §3.3 lets a client send several transactions in one session, and a refused one is ended with
/// RSET (§4.1.1.5; MailKit sends it after a refused MAIL, RCPT or DATA) before the next MAIL. After a failure that
/// leaves the connection in doubt (I/O, timeout, protocol), <see cref="IsUsable"/> is false: open a new session.
/// <see cref="CloseAsync"/> says QUIT.
/// </summary>
public sealed class SubmissionSession : IAsyncDisposable
{
    private readonly MailEndpoint _endpoint;
    private readonly MemoryStream? _transcript;
    private readonly IProtocolLogger _logger;
    private readonly SubmissionClient _client;
    private bool _broken;

    private SubmissionSession(MailEndpoint endpoint)
    {
        _endpoint = endpoint;
        _transcript = endpoint.ProtocolLog is null ? null : new MemoryStream();
        _logger = _transcript is null ? new NullProtocolLogger() : new ProtocolLogger(_transcript, leaveOpen: true);
        _client = new SubmissionClient(_logger)
        {
            // RFC 3461 §4.3: a failure report carries the headers, enough to know which reply it was.
            DeliveryStatusNotificationType = DeliveryStatusNotificationType.HeadersOnly,
        };
    }

    /// <summary>Messages sent (answered by the server, whatever it said) on this session.</summary>
    public int Transactions { get; private set; }

    /// <summary>Connected, and no failure left the connection in doubt: the next message may go on it.</summary>
    public bool IsUsable => !_broken && _client.IsConnected;

    /// <summary>Connects and logs in; a failure is a <see cref="SubmissionException"/> that says what to do.</summary>
    public static async Task<SubmissionSession> OpenAsync(MailEndpoint endpoint, SubmissionCredentials? credentials,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var session = new SubmissionSession(endpoint);
        try
        {
            await SmtpSubmission.OpenAsync(session._client, endpoint, credentials, cancellationToken);
            return session;
        }
        catch
        {
            session._broken = true;
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One mail transaction: each recipient's reply (a refused recipient does not fail the others). A failure of the
    /// whole transaction is a <see cref="SubmissionException"/>; after one that is not the server's answer to a command
    /// the session is no longer usable.
    /// </summary>
    public async Task<IReadOnlyList<RecipientReply>> SendAsync(SubmissionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Recipients.Count == 0)
            throw new ArgumentException("A message needs at least one recipient.", nameof(request));
        if (!IsUsable)
            throw new InvalidOperationException("The session is closed: open a new one.");
        try
        {
            var replies = await SmtpSubmission.TransactAsync(_client, _endpoint, request, cancellationToken);
            Transactions++;
            return replies;
        }
        catch (SubmissionException e)
        {
            // The server answered a command with a refusal (MAIL FROM): the connection is in a known state. Anything else
            // (I/O, timeout, a reply we could not read, or a refusal of ours before MAIL) starts the next message afresh.
            if (e.Code == 0)
                _broken = true;
            throw;
        }
        catch
        {
            _broken = true;
            throw;
        }
        finally
        {
            FlushTranscript();
        }
    }

    /// <summary>
    /// QUIT (RFC 5321 §4.1.1.10), waiting for the goodbye at most until <paramref name="cancellationToken"/> is cancelled;
    /// what the server says to it changes nothing, the messages were answered already.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_broken || !_client.IsConnected)
            return;
        _broken = true;
        try
        {
            await SmtpSubmission.QuitAsync(_client, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Hangs up (without QUIT unless <see cref="CloseAsync"/> said it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(quit: false, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            _client.Dispose();
            _logger.Dispose();
            FlushTranscript();
            _transcript?.Dispose();
        }
    }

    // The protocol log goes to the endpoint's sink line by line, message by message, so a long session holds no transcript.
    private void FlushTranscript()
    {
        if (_transcript is null || _endpoint.ProtocolLog is not { } sink || _transcript.Length == 0)
            return;
        foreach (var line in Encoding.UTF8.GetString(_transcript.GetBuffer(), 0, (int)_transcript.Length).Split("\r\n"))
        {
            if (line.Length > 0)
                sink(line);
        }
        _transcript.SetLength(0);
    }
}
