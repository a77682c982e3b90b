using MailHub.Core.Live;

namespace MailHub.Channels.Mailboxes;

/// <summary>The "mailboxTest" push: one step of the connection test the console started with this progress id.</summary>
internal sealed record ConnectionTestStep(Guid Progress, TestStep Step);

/// <summary>
/// Tells the console that started a connection test each step as it happens, over the live push to that account's
/// consoles only (the test's answer, which follows, has every step again with the final wording).
/// </summary>
internal sealed class ConnectionTestProgress(LivePublisher live)
{
    public Action<TestStep>? For(Guid? progress, Guid accountId) => progress is not { } id
        ? null
        : step => live.Publish(LivePush.Of("mailboxTest", new ConnectionTestStep(id, step), agentId: accountId));
}
