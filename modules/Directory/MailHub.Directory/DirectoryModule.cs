using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Core.Modules;
using MailHub.People.Contracts;
using MailHub.People.Customers;
using MailHub.People.Departments;
using MailHub.People.Import;
using MailHub.People.Members;
using MailHub.People.Suggestions;
using MailHub.People.Sync;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.People;

/// <summary>The Directory: departments, members (who log in to the console), customers and contacts.</summary>
public sealed class DirectoryModule : IMailHubModule
{
    public string Schema => "directory";

    public IReadOnlyList<Migration> Migrations { get; } = Migration.FromEmbeddedScripts(typeof(DirectoryModule).Assembly);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<MemberStore>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<DirectoryImport>();
        services.AddSingleton<DirectorySync>();
        services.AddSingleton<AddressBook>();
        services.AddSingleton<SyncSourceStore>();
        // A sync source's token is a scheme of its own that only the sync endpoint names (see SyncSourceAuthentication).
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, SyncSourceAuthentication>(SyncSourceAuthentication.SchemeName, null);
        services.AddSingleton<IMemberDirectory, MemberDirectory>();
        services.AddSingleton<ICustomerDirectory, CustomerDirectory>();
        services.AddSingleton<ICustomerAudience, CustomerAudience>();
        services.AddEventType<CustomerMerged>(DirectoryEvents.CustomerMergedType);
        services.AddEventSubscription<CustomerConversationsProjection>(CustomerConversationsProjection.SubscriptionName,
            CustomerConversationsProjection.HandledTypes);
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        // The directory's endpoints are FastEndpoints endpoints (Departments/, Members/, Customers/, Import/, Sync/, Suggestions/).
    }
}
