namespace MailHub.Testing;

/// <summary>Polling for what another process or node does in its own time: the value once it shows, or a failure naming what never came.</summary>
public static class Eventually
{
    /// <summary>Calls <paramref name="probe"/> every 100 ms until it gives a value; a <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="timeout"/> (checked every 100 ms): the caller fails with what it knows.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100);
        }
        return true;
    }
}
