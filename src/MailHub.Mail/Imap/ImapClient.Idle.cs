using MailHub.Mail.Net;

namespace MailHub.Mail.Imap;

public sealed partial class ImapClient
{
    /// <summary>
    /// Waits until the open folder holds more messages than when called and returns the new count. Uses IDLE
    /// (RFC 2177), renewed every <see cref="IdleRenewal"/>; without IDLE it polls with NOOP every
    /// <see cref="PollInterval"/>. Cancelling ends IDLE politely, so the connection stays usable.
    /// </summary>
    public async Task<uint> WaitForNewMessagesAsync(CancellationToken ct = default)
    {
        RequireSelected();
        var start = SelectedFolder!.Exists;
        while (true)
        {
            if (Supports("IDLE"))
            {
                await IdleOnceAsync(start, ct);
            }
            else
            {
                await NoopAsync(ct);
                if (SelectedFolder is { } polled && polled.Exists > start)
                    return polled.Exists;
                await Task.Delay(PollInterval, ct);
            }
            if (SelectedFolder is { } f && f.Exists > start)
                return f.Exists;
            ct.ThrowIfCancellationRequested();
        }
    }

    private Task IdleOnceAsync(uint start, CancellationToken ct) =>
        connection.RunAsync(async token =>
        {
            var tag = NextTag();
            await connection.WriteLineAsync(tag + " IDLE", token);
            while (true)
            {
                var r = await ReadAsync(null, token);
                if (r.Kind == ImapResponseKind.Continuation)
                    break;
                if (r.Kind == ImapResponseKind.Tagged && r.Tag == tag)
                {
                    if (r.Name != "OK")
                        throw ImapErrors.FromStatus(Endpoint, "IDLE", r);
                    return;
                }
                Untagged(r);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(IdleRenewal);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = stop.Token.Register(() => stopped.TrySetResult());
            var doneSent = false;
            async Task DoneAsync()
            {
                if (!doneSent)
                {
                    doneSent = true;
                    await connection.WriteLineAsync("DONE", token);
                }
            }

            if (SelectedFolder?.Exists > start)
                await DoneAsync();
            while (true)
            {
                if (!doneSent && connection.Reader.Buffered == 0)
                {
                    // Keep one read pending; when renewal or cancellation comes first, say DONE and let it finish.
                    var fill = connection.Reader.FillAsync(token).AsTask();
                    if (await Task.WhenAny(fill, stopped.Task) != fill)
                        await DoneAsync();
                    if (!await fill)
                        throw new MailProtocolException(MailErrorKind.Temporary, $"{Endpoint.Host} closed the connection during IDLE{(bye is null ? "" : ": " + bye)}.");
                }
                var response = await ReadAsync(null, token);
                if (response.Kind == ImapResponseKind.Tagged && response.Tag == tag)
                {
                    if (response.Name != "OK")
                        throw ImapErrors.FromStatus(Endpoint, "IDLE", response);
                    return;
                }
                Untagged(response);
                if (SelectedFolder?.Exists > start)
                    await DoneAsync();
            }
        }, CancellationToken.None, IdleRenewal + Endpoint.CommandTimeout);
}
