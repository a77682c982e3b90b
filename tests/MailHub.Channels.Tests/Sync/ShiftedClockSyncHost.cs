using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHub.Channels.Tests.Sync;

/// <summary>
/// Real time moved forward by <see cref="Offset"/>: "now" jumps days ahead while timers and delays keep running
/// on the real clock, so the host's workers keep their pace.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// <see cref="SyncHost"/> whose TimeProvider is a <see cref="ShiftedClock"/>, to make mail "N days old" in a test.
/// A bearer token issued before <see cref="ShiftedClock.Advance"/> has expired after it: create clients afterwards.
/// </summary>
public sealed class ShiftedClockSyncHost : SyncHost
{
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
