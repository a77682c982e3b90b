namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// The DATA octets all sessions hold in memory at once. The engine keeps a whole DATA section in
/// memory until its message store returns, so without a bound 50 clients × 25 MB are 1.25 GB; past
/// the budget a session is refused with 452 4.3.1 (RFC 3463: system storage, try later).
/// </summary>
internal sealed class DataBudget(long limit)
{
    private long _used;

    public long Used => Interlocked.Read(ref _used);

    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= limit)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
