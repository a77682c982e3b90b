using System.Runtime.CompilerServices;
using System.Security.Claims;
using MailHub.Core.Accounts;
using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Logging;

namespace MailHub.Conversations.Live;

/// <summary>
/// The consoles connected to this node, whichever way (the SignalR hub or the event stream): each is registered with
/// its agent's grain (presence, notifications, activity) and gets the pushes it may see, "ready" first.
/// </summary>
internal sealed partial class Consoles(LiveNode node, IConversationAccess access, IGrainFactory grains, ILogger<Consoles> logger)
{
    private static readonly LivePush Ready = LivePush.Of("ready", new { connected = true });

    /// <summary>What the console <paramref name="connectionId"/> of <paramref name="user"/> is told, until the token ends.</summary>
    public async IAsyncEnumerable<LivePush> FollowAsync(string connectionId, ClaimsPrincipal user,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var memberId = user.AccountId();
        var allTeams = user.SeesAllTeams();
        var agent = grains.GetGrain<IAgentGrain>(memberId);
        using var listener = node.Listen(connectionId, memberId);
        await ConnectAsync(agent, connectionId);
        try
        {
            // What happened before this point was not sent: "ready" tells the console to read its lists now.
            yield return Ready;
            await foreach (var push in listener.ReadAllAsync(cancellationToken))
            {
                if (push.Role is { } role && !user.IsInRole(role))
                    continue;
                if (push.ConversationId is not { } conversationId || allTeams || await access.CanSeeAsync(memberId, conversationId, cancellationToken))
                    yield return push;
            }
        }
        finally
        {
            await DisconnectAsync(agent, connectionId);
        }
    }

    /// <summary>The console shows, replies to, or left a conversation it may see; false when it may not see it.</summary>
    public async Task<bool> SetActivityAsync(string connectionId, ClaimsPrincipal user, Guid conversationId, ConversationActivity activity,
        CancellationToken cancellationToken)
    {
        var memberId = user.AccountId();
        if (!user.SeesAllTeams() && !await access.CanSeeAsync(memberId, conversationId, cancellationToken))
            return false;
        await grains.GetGrain<IAgentGrain>(memberId).SetActivityAsync(connectionId, conversationId, activity);
        return true;
    }

    private async Task ConnectAsync(IAgentGrain agent, string connectionId)
    {
        try
        {
            await agent.ConnectAsync(connectionId, node.Reference);
        }
        catch (Exception e)
        {
            // The grain's node may be dying; the next renewal (ConsoleRenewal) registers the console and tells it to re-read.
            LogGrainCallFailed(e, connectionId);
        }
    }

    private async Task DisconnectAsync(IAgentGrain agent, string connectionId)
    {
        try
        {
            await agent.DisconnectAsync(connectionId);
        }
        catch (Exception e)
        {
            // The renewals stop naming this console, so the grain drops it anyway.
            LogGrainCallFailed(e, connectionId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Live updates: the agent's grain did not answer for console {Connection}")]
    private partial void LogGrainCallFailed(Exception exception, string connection);
}
