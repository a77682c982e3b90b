using FastEndpoints;
using FluentValidation;
using MailHub.Channels.Contracts;
using MailHub.Core.Http;
using MailHub.Mail.Outgoing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit.Utils;
using MimeKit;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Mailboxes;

/// <summary>The mailbox (route) and the address to send its test mail to.</summary>
internal sealed record TestMailRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Where the test mail goes, e.g. you@example.com; reply to it from there to verify the mailbox.</summary>
    public string To { get; init; } = "";
}

internal sealed class TestMailRequestValidator : Validator<TestMailRequest>
{
    public TestMailRequestValidator() =>
        RuleFor(r => r.To).Must(IsAddress).WithMessage("Give the address to send the test mail to, e.g. you@example.com.");

    private static bool IsAddress(string to)
    {
        try
        {
            AddrSpec.Parse(to);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The queued test mail: its outbox row and the Message-ID a reply names in In-Reply-To.</summary>
internal sealed record TestMailQueued(Guid OutboundId, string MessageId);

/// <summary>POST /api/channels/mailboxes/{id}/test-send.</summary>
internal sealed class SendMailboxTestMail(MailboxStore store, IOutbox outbox) : Endpoint<TestMailRequest, TestMailQueued>
{
    public override void Configure()
    {
        Post("/channels/mailboxes/{id:guid}/test-send");
        Roles(Role.Admin);
        Options(b => b.RequireRateLimiting(RateLimitPolicies.TestSend));
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<TestMailQueued>(StatusCodes.Status202Accepted, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Send a test mail through the mailbox.";
            s.Description = "Queues a test mail to the address given and answers 202 with its outbox id and Message-ID; a reply to it "
                + "(In-Reply-To its Message-ID) marks the mailbox verified. 404 when there is no such mailbox; rate limited (429 with Retry-After).";
        });
    }

    public override async Task HandleAsync(TestMailRequest request, CancellationToken cancellationToken)
    {
        var id = request.Id;
        if (await store.FindAsync(id, cancellationToken) is not { } mailbox)
        {
            await Send.ResultAsync(MailboxProblems.NotFound(id));
            return;
        }
        var from = AddrSpec.Parse(mailbox.DisplayName ?? mailbox.Name, mailbox.Address);
        var messageId = MimeUtils.GenerateMessageId(from.Domain);
        var message = new MimeMessage
        {
            Subject = $"MailHub test message from {mailbox.Name}",
            MessageId = messageId,
            Date = DateTimeOffset.UtcNow,
            Body = new TextPart("plain")
            {
                Text = $"This message was sent by MailHub through the mailbox {mailbox.Address} to check that sending works.\n\n"
                    + "Reply to it: when the reply comes back into MailHub, the mailbox is marked verified.\n",
            },
        };
        message.From.Add(from);
        message.To.Add(AddrSpec.Parse(request.To));
        var content = await OutgoingMail.ToBytesAsync(message, cancellationToken);
        var stored = Outbox.Outbox.NormalizeMessageId(messageId);
        await store.SetTestMessageAsync(id, stored, cancellationToken);
        var outboundId = await outbox.EnqueueAsync(
            new OutboundMessage(id, stored, mailbox.Address, OutgoingMail.EnvelopeRecipients(message), content, "mailbox-test:" + id), cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/channels/mailboxes/{id}";
        await Send.ResponseAsync(new TestMailQueued(outboundId, stored), StatusCodes.Status202Accepted, cancellationToken);
    }
}
