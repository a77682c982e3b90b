using Microsoft.AspNetCore.Hosting;

namespace MailHub.Testing;

/// <summary>Another host on the database of <paramref name="first"/>: two MailHub nodes in one test.</summary>
public sealed class SecondNode(MailHubFactory first) : MailHubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:MailHub", first.ConnectionString);
    }
}
