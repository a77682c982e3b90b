using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// The engine's output, watched and phrased: each reply line goes out as <see cref="EngineReply"/>
/// words it; the transport learns from the replies when a DATA section follows (354, RFC 5321
/// §4.1.1.4), when a line is an AUTH response (334, RFC 4954 §4) and how many commands failed.
/// Once the transport has hung up, whatever the engine still writes goes nowhere. Every final 4xx/5xx line, the
/// engine's or the transport's, is reported as a refusal (<see cref="RefusalReporter"/>).
/// </summary>
internal sealed class ReplyWatcher(PipeWriter inner, SessionFacts facts, RefusalReporter? refusals) : PipeWriter
{
    private PipeWriter _inner = inner;
    private string? _argument;
    private Memory<byte> _memory;
    private bool _closed;
    private bool _dataStarts;
    private bool _answered;
    private string? _authOutcome;
    private int _hidden;
    private bool _mailDeclaresSmtpUtf8;

    /// <summary>The code of the last complete reply written.</summary>
    public int LastReplyCode { get; private set; }

    /// <summary>True when the last 334 asked for a LOGIN user name ("Username:"), so a password prompt follows.</summary>
    public bool AskedForUserName { get; private set; }

    /// <summary>Replies that tell the client its command was wrong (RFC 5321 §4.2.2: 500-504, 530, 535, 538, 555).</summary>
    public int FailedCommands { get; private set; }

    /// <summary>True after a RCPT was accepted, until the transaction ends: BDAT may start (RFC 3030 §2).</summary>
    public bool HasRecipients { get; private set; }

    /// <summary>True after a MAIL with SMTPUTF8 (RFC 6531 §3.4) was accepted, until the transaction ends: RCPT may name non-ASCII addresses.</summary>
    public bool SmtpUtf8 { get; private set; }

    /// <summary>The command the engine is executing, for <see cref="EngineReply"/>.</summary>
    public CommandLine Command { get; private set; }

    /// <summary>True once after each 354: the next input is a DATA section.</summary>
    public bool TakeDataStart()
    {
        var starts = _dataStarts;
        _dataStarts = false;
        return starts;
    }

    /// <summary>
    /// A new command goes to the engine: from here its replies answer it. <paramref name="smtpUtf8"/>: a MAIL with SMTPUTF8;
    /// <paramref name="argument"/>: the path of a MAIL or RCPT, for a refusal's report.
    /// </summary>
    internal void Begin(CommandLine command, bool smtpUtf8 = false, string? argument = null)
    {
        Command = command;
        _argument = argument;
        _mailDeclaresSmtpUtf8 = smtpUtf8;
        _answered = false;
        _authOutcome = null;
    }

    /// <summary>
    /// The AUTH exchange ends with this reply whatever the engine says: the transport gave the engine
    /// stand-in responses (for "*" or bad base64, which the engine cannot take), so its further
    /// challenges are not shown and its 535 becomes this.
    /// </summary>
    internal void EndAuthWith(string reply) => _authOutcome = reply;

    /// <summary>The engine's next reply, if it is <paramref name="code"/>, is not shown: it answers a command the transport gave it (BDAT's DATA and RSET).</summary>
    internal void Hide(int code) => _hidden = code;

    internal void Replace(PipeWriter inner) => _inner = inner;

    /// <summary>
    /// A reply of the transport's own, written and flushed at once. <paramref name="stage"/>: what it answers, for a refusal's
    /// report (the command it refuses before the engine sees it, "session" for a hang-up); the engine's command when null.
    /// </summary>
    internal async ValueTask ReplyAsync(string line, CancellationToken cancellationToken, string? stage = null, string? argument = null)
    {
        if (_closed)
        {
            return;
        }

        var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        Watch(bytes, stage, argument);
        _inner.Write(bytes);
        await _inner.FlushAsync(cancellationToken);
    }

    internal void Close() => _closed = true;

    public override void Advance(int bytes)
    {
        if (_closed)
        {
            return;
        }

        // The engine writes each reply line with one GetSpan/Advance (its WriteLine).
        var line = _memory.Span[..bytes];
        if (line.Length < 6 || line[^1] != (byte)'\n' || line[..^1].Contains((byte)'\n') || !char.IsAsciiDigit((char)line[0]))
        {
            _inner.Advance(bytes); // not one line: as it is
            return;
        }

        var final = line[3] == (byte)' ';
        if (final && _authOutcome is { } outcome)
        {
            if (line[0] == (byte)'3')
            {
                return; // a challenge for a stand-in response: unseen (not advanced, so not sent)
            }

            _authOutcome = null;
            Send(Encoding.ASCII.GetBytes(outcome + "\r\n"));
            return;
        }

        if (final && _answered && Command.Verb == "AUTH" && line[0] != (byte)'3')
        {
            return; // the engine answers a malformed AUTH PLAIN twice (535, 535): the client hears one
        }

        if (final)
        {
            Follow(line);
        }

        if (final && _hidden != 0)
        {
            var hidden = Code(line) == _hidden;
            _hidden = 0;
            if (hidden)
            {
                Watch(line);
                return;
            }
        }

        if (EngineReply.Rewrite(line, Command) is { } rewritten)
        {
            Send(rewritten);
            return;
        }

        Watch(line);
        _inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _memory = _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>Closes the connection at once (<see cref="BoundedPipe"/>), for an injected drop or a close after the reply.</summary>
    internal Action? HangUp { get; set; }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: true));
        }

        if (facts.PendingFault is { } fault)
        {
            facts.PendingFault = null;
            return FlushFaultedAsync(fault, cancellationToken);
        }

        return _inner.FlushAsync(cancellationToken);
    }

    /// <summary>A sandbox fault's reply (<see cref="SmtpFault"/>): late, not at all (the connection closed instead), or followed by the close.</summary>
    private async ValueTask<FlushResult> FlushFaultedAsync(SmtpFault fault, CancellationToken cancellationToken)
    {
        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, cancellationToken);
        }

        if (fault.Drop)
        {
            _closed = true; // the reply waiting in the buffer never goes out
            HangUp?.Invoke();
            return new FlushResult(isCanceled: false, isCompleted: true);
        }

        var result = await _inner.FlushAsync(cancellationToken);
        if (fault.CloseAfter)
        {
            _closed = true;
            HangUp?.Invoke();
        }

        return result;
    }

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private void Send(byte[] line)
    {
        // The engine's bytes sit unadvanced in the inner writer's buffer: the rewritten line takes their place.
        Watch(line);
        _inner.Write(line);
    }

    private static int Code(ReadOnlySpan<byte> line) => ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');

    /// <summary>Follows the engine's transaction from its replies (RFC 5321 §4.1.4): only what BDAT and RCPT need to know.</summary>
    private void Follow(ReadOnlySpan<byte> line)
    {
        var ok = line[0] == (byte)'2';
        SmtpUtf8 = Command.Verb switch
        {
            "MAIL" => ok ? _mailDeclaresSmtpUtf8 : SmtpUtf8, // a refused MAIL leaves the transaction as it was
            "RSET" or "EHLO" or "HELO" or "STARTTLS" => SmtpUtf8 && !ok,
            "DATA" => SmtpUtf8 && (line[0] == (byte)'3' || LastReplyCode != 354), // the reply after 354 ends the transaction
            _ => SmtpUtf8,
        };
        HasRecipients = Command.Verb switch
        {
            "RCPT" => HasRecipients || ok,
            "MAIL" or "RSET" or "EHLO" or "HELO" or "STARTTLS" => HasRecipients && !ok,
            "DATA" => HasRecipients && line[0] == (byte)'3',
            _ => HasRecipients,
        };
    }

    private void Watch(ReadOnlySpan<byte> line, string? stage = null, string? argument = null)
    {
        // "354 text": the last line of a reply has a space after the code (RFC 5321 §4.2.1).
        if (line.Length < 4 || line[3] != (byte)' ' || !char.IsAsciiDigit((char)line[0]))
        {
            return;
        }

        if (line[0] is (byte)'4' or (byte)'5' && refusals is not null)
        {
            // No command yet: a greeting that refuses (a sandbox fault at connect).
            var verb = stage ?? (Command.Verb is { Length: > 0 } command ? command : "connect");
            refusals.Report(facts.EndpointName, facts.ClientAddress, verb, line, facts.UserName, stage is null ? _argument : argument);
        }

        LastReplyCode = Code(line);
        _dataStarts |= LastReplyCode == 354;
        AskedForUserName = LastReplyCode == 334 && line[4..].StartsWith("VXNlcm5hbWU6"u8);
        _answered |= line[0] != (byte)'3';
        if (LastReplyCode is >= 500 and <= 504 or 530 or 535 or 538 or 555)
        {
            FailedCommands++;
        }
    }
}
