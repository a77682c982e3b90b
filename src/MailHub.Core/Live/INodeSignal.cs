namespace MailHub.Core.Live;

/// <summary>
/// Something on this node that waits for a change made on any node (e.g. the sandbox's wait endpoint): raised when a
/// <see cref="LivePush.Signal"/> of its <see cref="Name"/> arrives, and also whenever the node may have missed pushes,
/// so a waiter looks again rather than sleep through a lost one. Register it as a singleton of this interface.
/// </summary>
public interface INodeSignal
{
    string Name { get; }

    /// <summary>Called on the node's delivery path: return at once (pulse a waiter, do not do the work here).</summary>
    void Raise();
}
