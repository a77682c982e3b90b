using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Routing.Presence;

/// <summary>The agent's capacity and current load (<see cref="IAgentLoadGrain"/>), kept apart from consoles and presence.</summary>
internal sealed partial class AgentGrain : IAgentLoadGrain
{
    private AgentLoad? _load;

    private AgentLoad Load => _load ??= new AgentLoad(AgentId, ServiceProvider.GetRequiredService<NpgsqlDataSource>(),
        ServiceProvider.GetRequiredService<TimeProvider>());

    public Task<bool> TryReserveAsync(Guid conversationId) => Load.TryReserveAsync(conversationId);

    public Task HoldAsync(Guid conversationId) => Load.HoldAsync(conversationId);

    public Task ReleaseAsync(Guid conversationId) => Load.ReleaseAsync(conversationId);

    public Task<AgentLoadView> GetLoadAsync() => Load.ViewAsync();

    /// <summary>This grain wrote the agent's presence: routing picks by it from now on.</summary>
    private void PresenceWritten(AgentPresence presence) => Load.PresenceSet(presence.Status, presence.Capacity);
}
