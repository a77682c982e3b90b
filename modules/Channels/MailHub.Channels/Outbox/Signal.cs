namespace MailHub.Channels.Outbox;

/// <summary>
/// Wakes waiters in this process when something happened (a row enqueued, a message captured).
/// Take <see cref="Next"/> before looking, then wait on it: a pulse between the look and the wait is not missed.
/// </summary>
internal class Signal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for the pulse after <paramref name="next"/> was taken, at most <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
            return;
        await next.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>Something was enqueued in the outbox on this node.</summary>
internal sealed class OutboxSignal : Signal;

/// <summary>Something was captured in the sandbox (on this node, or on another one: see SandboxCaptures).</summary>
internal sealed class SandboxSignal : Signal;
