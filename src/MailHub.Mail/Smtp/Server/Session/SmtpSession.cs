using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server.Session;

/// <summary>
/// One SMTP connection: reads commands from a <see cref="PipeReader"/>, checks them against the
/// <see cref="SmtpStateTable"/>, and answers. Replies are buffered and flushed only when the
/// client has no further complete command waiting, which batches them under PIPELINING (RFC 2920 §3).
/// </summary>
internal sealed partial class SmtpSession : ISmtpSessionContext, IAsyncDisposable
{
    private const int EndOfInput = -1;
    private const int LineTooLong = -2;

    // RFC 4954 §4: an AUTH command or response line may be up to 12288 octets.
    private const int MaxAuthLineLength = 12288;

    private readonly SmtpEndpointRuntime _runtime;
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly CancellationToken _stopping;

    // Linked to _stopping; armed with the command timeout around each read or flush.
    private readonly CancellationTokenSource _io;
    private readonly long _deadline;
    private readonly byte[] _line;

    private Stream _stream;
    private PipeReader _reader;
    private PipeWriter _writer;
    private SmtpState _state = SmtpState.Greeted;
    private bool _esmtp;
    private bool _quit;
    private int _badCommands;
    private string? _clientHostName;
    private bool _transportLost;

    public SmtpSession(SmtpEndpointRuntime runtime, Socket socket, CancellationToken stopping)
    {
        _runtime = runtime;
        _socket = socket;
        _stopping = stopping;
        _network = new NetworkStream(socket, ownsSocket: true);
        _stream = _network;
        (_reader, _writer) = CreatePipes(_network);
        _io = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _deadline = Environment.TickCount64 + (long)runtime.Options.SessionTimeout.TotalMilliseconds;
        _line = new byte[Math.Max(runtime.Options.MaxCommandLineLength, MaxAuthLineLength)];
        SessionId = TransactionId.Next();
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        ClientAddress = RemoteEndPoint.Address.IsIPv4MappedToIPv6 ? RemoteEndPoint.Address.MapToIPv4() : RemoteEndPoint.Address;
    }

    public string SessionId { get; }

    public string EndpointName => _runtime.Name;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPAddress ClientAddress { get; }

    public string? HeloName { get; private set; }

    public SslProtocols? TlsProtocol { get; private set; }

    public bool IsSecure => TlsProtocol is not null;

    public string? AuthenticatedUser { get; private set; }

    private SmtpServerOptions Options => _runtime.Options;

    /// <summary>Runs the conversation to its end. <paramref name="refusal"/> is a reply that refuses the connection at once.</summary>
    public async Task RunAsync(Action<ISmtpSessionContext, Exception> onError, (int Code, string Enhanced, string Text)? refusal)
    {
        try
        {
            if (_runtime.Endpoint.TlsMode == SmtpTlsMode.Implicit && !await TryHandshakeAsync())
            {
                return;
            }

            if (refusal is { } r)
            {
                // RFC 5321 §3.1 allows a 554 greeting; 421 (§3.8) says "try later". Either way we hang up.
                _writer.WriteReply(r.Code, r.Enhanced, r.Text);
                await FlushAsync();
                return;
            }

            if (Options.ReverseDnsLookup)
            {
                _clientHostName = await ReverseLookupAsync(ClientAddress);
            }

            _writer.Write(_runtime.Greeting);
            await CommandLoopAsync();
            await FlushAsync();
        }
        catch (OperationCanceledException) when (_io.IsCancellationRequested)
        {
            await SayGoodbyeAsync(_stopping.IsCancellationRequested
                ? (421, "4.3.2", "Service shutting down, closing connection")
                : (421, "4.4.2", "Timeout, closing connection"));
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException or ObjectDisposedException)
        {
            // The client went away; nothing to tell it.
        }
        catch (Exception e)
        {
            onError(this, e);
            await SayGoodbyeAsync((421, "4.3.0", "Local error, closing connection"));
        }
        finally
        {
            await AbandonMessageAsync();
        }
    }

    private async Task CommandLoopAsync()
    {
        while (!_quit)
        {
            var length = await ReadLineAsync(Options.MaxCommandLineLength, allowLongAuth: true);
            if (length == EndOfInput)
            {
                return;
            }

            if (length == LineTooLong)
            {
                // RFC 5321 §4.5.3.1.4 limits a command line to 512 octets; §4.5.3.1.10 "500 Line too long".
                Fail(500, "5.5.6", "Line too long");
            }
            else
            {
                await ExecuteAsync(_line.AsMemory(0, length));
            }

            if (_badCommands >= Options.MaxBadCommands)
            {
                Reply(421, "4.7.0", "Too many errors, closing connection");
                return;
            }
        }
    }

    private ValueTask ExecuteAsync(ReadOnlyMemory<byte> line)
    {
        var command = SmtpCommandParser.ParseVerb(line.Span, out var range);
        var arguments = line[range];
        if (command == SmtpCommand.None)
        {
            Fail(500, "5.5.2", "Syntax error, command unrecognized");
            return ValueTask.CompletedTask;
        }

        if (!SmtpStateTable.IsAllowed(_state, command))
        {
            return RefuseOutOfOrderAsync(command, arguments);
        }

        switch (command)
        {
            case SmtpCommand.Ehlo: Ehlo(arguments.Span); break;
            case SmtpCommand.Helo: Helo(arguments.Span); break;
            case SmtpCommand.Mail: Mail(arguments.Span); break;
            case SmtpCommand.Rcpt: return RcptAsync(arguments);
            case SmtpCommand.Data: return DataAsync(arguments);
            case SmtpCommand.Bdat: return BdatAsync(arguments);
            case SmtpCommand.Rset: return RsetAsync(arguments);
            case SmtpCommand.Noop: Reply(250, "2.0.0", "OK"); break;
            case SmtpCommand.Quit: Quit(arguments.Span); break;
            case SmtpCommand.Vrfy: Vrfy(arguments.Span); break;
            case SmtpCommand.Expn: Reply(502, "5.5.1", "EXPN not available"); break;
            case SmtpCommand.Help: Help(); break;
            case SmtpCommand.StartTls: return StartTlsAsync(arguments);
            case SmtpCommand.Auth: return AuthAsync(arguments);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask RefuseOutOfOrderAsync(SmtpCommand command, ReadOnlyMemory<byte> arguments)
    {
        // RFC 3030 §3: a BDAT chunk follows its command whatever the reply, so read past it to stay in step.
        if (command == SmtpCommand.Bdat && TryParseBdat(arguments.Span, out var size, out _))
        {
            await ReadChunkAsync(size, target: null);
        }

        Fail(503, "5.5.1", "Bad sequence of commands: " + SmtpStateTable.Hint(_state));
    }

    // ----- replies -----

    private void Reply(int code, string enhanced, string text) => _writer.WriteReply(code, enhanced, text);

    /// <summary>A reply to a command the client got wrong; enough of them end the session.</summary>
    private void Fail(int code, string enhanced, string text)
    {
        _badCommands++;
        _writer.WriteReply(code, enhanced, text);
    }

    private async ValueTask SayGoodbyeAsync((int Code, string Enhanced, string Text) reply)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            _writer.WriteReply(reply.Code, reply.Enhanced, reply.Text);
            await _writer.FlushAsync(timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the connection may already be gone.
        }
    }

    // ----- input -----

    /// <summary>
    /// Reads one line into <see cref="_line"/> and returns its length without CRLF (a bare LF ends a
    /// command line too, as most servers allow), or <see cref="EndOfInput"/>, or
    /// <see cref="LineTooLong"/> once an over-long line has been skipped through its LF.
    /// Never holds more than the limit in memory.
    /// </summary>
    private async ValueTask<int> ReadLineAsync(int limit, bool allowLongAuth)
    {
        var overflow = false;
        while (true)
        {
            var result = await ReadAsync();
            var buffer = result.Buffer;
            var effectiveLimit = allowLongAuth && StartsWithAuth(buffer) ? Math.Max(limit, MaxAuthLineLength) : limit;
            if (buffer.PositionOf((byte)'\n') is { } lf)
            {
                var line = buffer.Slice(0, lf);
                var length = -1;
                if (!overflow && line.Length < effectiveLimit)
                {
                    line.CopyTo(_line);
                    length = (int)line.Length;
                    if (length > 0 && _line[length - 1] == (byte)'\r')
                    {
                        length--;
                    }
                }

                _reader.AdvanceTo(buffer.GetPosition(1, lf));
                return length < 0 ? LineTooLong : length;
            }

            if (buffer.Length >= effectiveLimit)
            {
                overflow = true;
                _reader.AdvanceTo(buffer.End);
            }
            else
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return EndOfInput;
            }
        }
    }

    private static bool StartsWithAuth(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 5)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(head);
        return Ascii.EqualsIgnoreCase(head, "AUTH "u8);
    }

    /// <summary>What is buffered, or else (after flushing pending replies) the next read, under the command timeout.</summary>
    private async ValueTask<ReadResult> ReadAsync()
    {
        if (_reader.TryRead(out var buffered))
        {
            return buffered;
        }

        await FlushAsync();
        Arm();
        try
        {
            return await _reader.ReadAsync(_io.Token);
        }
        finally
        {
            Disarm();
        }
    }

    private async ValueTask FlushAsync()
    {
        if (_transportLost || _writer.UnflushedBytes == 0)
        {
            return;
        }

        Arm();
        try
        {
            await _writer.FlushAsync(_io.Token);
        }
        finally
        {
            Disarm();
        }
    }

    // RFC 5321 §4.5.3.2: the server waits a bounded time for each command or piece of data.
    private void Arm()
    {
        var left = _deadline - Environment.TickCount64;
        if (left <= 0)
        {
            _io.Cancel();
            return;
        }

        _io.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(left, (long)Options.CommandTimeout.TotalMilliseconds)));
    }

    private void Disarm()
    {
        if (!_io.IsCancellationRequested)
        {
            _io.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private static (PipeReader, PipeWriter) CreatePipes(Stream stream) =>
    (
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4 * 1024, leaveOpen: true))
    );

    private static async ValueTask<string?> ReverseLookupAsync(IPAddress address)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var entry = await Dns.GetHostEntryAsync(address.ToString(), timeout.Token);
            return entry.HostName;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _writer.CompleteAsync();
        await _stream.DisposeAsync();
        await _network.DisposeAsync();
        _io.Dispose();
    }
}
