using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Imap;

namespace MailHub.Mail.Clients;

/// <summary>Waiting for new mail in the open folder: IDLE where offered, else NOOP polling.</summary>
public static class ImapWait
{
    /// <summary>RFC 2177 §3: servers may drop an IDLE after 30 minutes; renew before 29.</summary>
    public static readonly TimeSpan IdleRenewal = TimeSpan.FromMinutes(28);

    /// <summary>
    /// Returns when <paramref name="folder"/> holds more messages than when called, or after <paramref name="atMost"/>.
    /// With IDLE (RFC 2177) the server tells at once; IDLE is ended with DONE and started again every
    /// <see cref="IdleRenewal"/> (or <paramref name="idleRenewal"/>). Without it, NOOP asks every <paramref name="pollInterval"/>.
    /// Returns whether mail arrived; the connection stays usable after cancellation of neither kind.
    /// </summary>
    public static async Task<bool> WaitForNewMessagesAsync(this ImapClient client, IMailFolder folder, MailEndpoint endpoint, TimeSpan atMost,
        TimeSpan pollInterval, CancellationToken ct = default, TimeSpan? idleRenewal = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(folder);
        var start = folder.Count;
        var until = DateTime.UtcNow + atMost;
        var renewal = idleRenewal ?? IdleRenewal;
        try
        {
            while (folder.Count <= start && DateTime.UtcNow < until)
            {
                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    break;
                if (client.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    using var done = new CancellationTokenSource(left < renewal ? left : renewal);
                    void Grown(object? sender, EventArgs e)
                    {
                        if (folder.Count > start)
                            done.Cancel();
                    }
                    folder.CountChanged += Grown;
                    try
                    {
                        await client.IdleAsync(done.Token, ct);
                    }
                    finally
                    {
                        folder.CountChanged -= Grown;
                    }
                }
                else
                {
                    await client.NoOpAsync(ct);
                    if (folder.Count <= start)
                        await Task.Delay(left < pollInterval ? left : pollInterval, ct);
                }
            }
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, endpoint);
        }
        return folder.Count > start;
    }
}
