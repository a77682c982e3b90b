using MailHub.Core.Live;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Options;

namespace MailHub.Routing.Presence;

/// <summary>
/// Holds only what the agents' grains renew: when its node dies, the next renewals (within a live refresh interval)
/// fill a new activation again.
/// </summary>
internal sealed class ConversationViewersGrain(IOptions<LiveOptions> liveOptions, TimeProvider time) : Grain, IConversationViewersGrain
{
    private readonly Dictionary<Guid, (ConversationViewer Viewer, DateTimeOffset Renewed)> _viewers = [];

    public Task SetAsync(Guid agentId, string agentName, ConversationActivity activity)
    {
        var now = time.GetUtcNow();
        if (activity == ConversationActivity.Left)
            _viewers.Remove(agentId);
        else if (_viewers.TryGetValue(agentId, out var known) && known.Viewer.Activity == activity)
            _viewers[agentId] = (known.Viewer, now);
        else
            _viewers[agentId] = (new ConversationViewer(agentId, agentName, activity, now), now);
        return Task.CompletedTask;
    }

    public Task<ConversationViewer[]> ListAsync()
    {
        var cutOff = time.GetUtcNow() - liveOptions.Value.Lapse;
        foreach (var lapsed in _viewers.Where(v => v.Value.Renewed < cutOff).Select(v => v.Key).ToList())
            _viewers.Remove(lapsed);
        return Task.FromResult(_viewers.Values.Select(v => v.Viewer).OrderBy(v => v.Since).ToArray());
    }
}
