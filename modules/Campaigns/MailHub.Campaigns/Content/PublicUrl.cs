using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace MailHub.Campaigns.Content;

/// <summary>
/// Where links in mail point (unsubscribe): <c>MailHub:PublicUrl</c>, else the first address HTTP listens on (a wildcard
/// host such as 0.0.0.0 or [::] becomes localhost). Set it to the address customers reach, with https.
/// </summary>
internal sealed class PublicUrl(IConfiguration configuration, IServer server)
{
    public string Base
    {
        get
        {
            if (configuration["MailHub:PublicUrl"] is { Length: > 0 } configured)
                return configured.TrimEnd('/');
            var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
            if (!Uri.TryCreate(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri))
                return "http://localhost";
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
            return new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
        }
    }
}
