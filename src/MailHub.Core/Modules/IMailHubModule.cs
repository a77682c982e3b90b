using MailHub.Core.Database;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Core.Modules;

/// <summary>
/// The one entry point a module gives the host: its services, its PostgreSQL schema with that
/// schema's migrations, and its HTTP endpoints.
/// </summary>
public interface IMailHubModule
{
    /// <summary>The PostgreSQL schema the module owns, e.g. <c>channels</c>.</summary>
    string Schema { get; }

    IReadOnlyList<Migration> Migrations { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Maps the module's endpoints under the host's authenticated <c>/api</c> group.</summary>
    void MapEndpoints(IEndpointRouteBuilder api);
}
