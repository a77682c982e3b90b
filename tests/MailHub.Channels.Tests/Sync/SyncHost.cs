using MailHub.Channels.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace MailHub.Channels.Tests.Sync;

/// <summary>The host with real sending (capture off) and quick polling, for the tests against Dovecot and Postfix.</summary>
public class SyncHost : ChannelsHost
{
    public SyncHost()
    {
        Settings["MailHub:Outbound:Capture"] = "false";
        Settings["MailHub:Outbound:RetryDelay"] = "00:00:01";
        Settings["MailHub:Outbound:PollInterval"] = "00:00:00.200";
        Settings["MailHub:Sync:PollInterval"] = "00:00:01";
        Settings["MailHub:Sync:ScanInterval"] = "00:00:01";
        Settings["MailHub:Sync:RetryDelay"] = "00:00:01";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
    }
}
