using MailHub.Channels.Outbox;
using MailHub.Core.Live;

namespace MailHub.Channels.Sandbox;

/// <summary>
/// A capture on any node wakes this node's /wait requests: the node that captured publishes the signal after its
/// commit (<see cref="SandboxStore.Captured"/>), and the live fan-out grain brings it to every node.
/// </summary>
internal sealed class SandboxCaptures(SandboxSignal signal) : INodeSignal
{
    public const string SignalName = "sandbox-captured";

    public string Name => SignalName;

    public void Raise() => signal.Pulse();
}
