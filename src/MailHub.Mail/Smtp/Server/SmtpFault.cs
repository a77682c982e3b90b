using System.Globalization;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailHub.Mail.Smtp.Server;

/// <summary>Where in a session a fault may be injected (RFC 5321 §3: the greeting, EHLO/HELO, AUTH, MAIL, RCPT, end of DATA).</summary>
public enum SmtpFaultStage
{
    Connect,
    Ehlo,
    Auth,
    Mail,
    Rcpt,
    Data,
}

/// <summary>
/// A failure a QA sandbox injects into a session: the reply to the stage comes <paramref name="Delay"/> late; with a
/// <paramref name="Code"/> it is that reply instead of the engine's; with <paramref name="Drop"/> the connection is closed
/// instead of answering.
/// </summary>
public sealed record SmtpFault(TimeSpan Delay, int Code = 0, string? Text = null, bool Drop = false)
{
    /// <summary>The reply line's text with an enhanced status code in front (RFC 3463 §3.1), "4.0.0"/"5.0.0" when the rule gave none.</summary>
    public string ReplyText
    {
        get
        {
            var text = string.IsNullOrWhiteSpace(Text) ? "Failure injected by the MailHub sandbox" : Text.Trim();
            var first = text.Split(' ', 2)[0];
            var enhanced = first.Count(c => c == '.') == 2 && first.Length >= 5 && char.IsAsciiDigit(first[0]) && first[1] == '.';
            return enhanced ? text : $"{(Code / 100).ToString(CultureInfo.InvariantCulture)}.0.0 {text}";
        }
    }

    /// <summary>Close the connection once this reply went out (an injected greeting refusal, RFC 5321 §3.1).</summary>
    internal bool CloseAfter { get; init; }

    internal SmtpResponseException Refusal => new(new SmtpResponse((SmtpReplyCode)Code, ReplyText));
}

/// <summary>
/// Decides, from the host's rules, whether a session's stage fails. Called on the session's own thread at the engine's
/// extension points (the greeting, the EHLO command's execution, the authenticator, the mailbox filter, the message
/// store): it answers from memory, never waiting on I/O. <paramref name="subject"/> is what a rule's pattern is matched
/// against: the client's address (connect), the EHLO name, the AUTH user name, the MAIL path, the RCPT path, or each
/// accepted recipient (DATA).
/// </summary>
public interface ISmtpFaults
{
    SmtpFault? Decide(SmtpFaultStage stage, SessionFacts session, IReadOnlyList<string> subject);
}

/// <summary>The engine's extension points with the injected faults in front of the host's own filter, authenticator and store.</summary>
internal static class SmtpFaultPoints
{
    /// <summary>
    /// Applies a decided fault: the delay and the drop wait for the reply's flush (<see cref="SessionFacts.PendingFault"/>);
    /// a reply is thrown for the engine to write. A drop still throws (421), so the engine refuses the command, but the
    /// transport closes the connection instead of sending it.
    /// </summary>
    public static void Apply(SessionFacts facts, SmtpFault? fault)
    {
        if (fault is null)
            return;
        if (fault.Delay > TimeSpan.Zero || fault.Drop)
            facts.PendingFault = fault;
        if (fault.Drop)
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.4.2 Connection dropped by the MailHub sandbox"));
        if (fault.Code != 0)
            throw fault.Refusal;
    }

    public static string Address(IMailbox mailbox) => ReceivedEnvelope.AddressOf(mailbox);

    internal sealed class Filter(IMailboxFilter inner, ISmtpFaults faults) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            var facts = SessionFacts.Of(context);
            facts.Accepted.Clear(); // MAIL starts a new transaction
            Apply(facts, faults.Decide(SmtpFaultStage.Mail, facts, [Address(from)]));
            return inner.CanAcceptFromAsync(context, from, size, cancellationToken);
        }

        public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var facts = SessionFacts.Of(context);
            var address = Address(to);
            Apply(facts, faults.Decide(SmtpFaultStage.Rcpt, facts, [address]));
            var accepted = await inner.CanDeliverToAsync(context, to, from, cancellationToken);
            if (accepted)
                facts.Accepted.Add(address);
            return accepted;
        }
    }

    internal sealed class Store(IMessageStore inner, ISmtpFaults faults) : IMessageStore
    {
        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, System.Buffers.ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            var facts = SessionFacts.Of(context);
            var fault = faults.Decide(SmtpFaultStage.Data, facts, [.. facts.Accepted]);
            if (fault is not null)
            {
                if (fault.Delay > TimeSpan.Zero || fault.Drop)
                    facts.PendingFault = fault;
                if (fault.Drop)
                    return Task.FromResult(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.4.2 Connection dropped by the MailHub sandbox"));
                if (fault.Code != 0)
                    return Task.FromResult(new SmtpResponse((SmtpReplyCode)fault.Code, fault.ReplyText)); // refused: not stored
            }
            return inner.SaveAsync(context, transaction, buffer, cancellationToken);
        }
    }
}
