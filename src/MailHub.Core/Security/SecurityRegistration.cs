using MailHub.Core.Accounts;
using MailHub.Core.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Core.Security;

public static class SecurityRegistration
{
    /// <summary>Data Protection with keys in PostgreSQL, the accounts with their sessions and sign-ins, and the audit log.</summary>
    public static IServiceCollection AddMailHubSecurity(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("MailHub");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new PostgresKeyRepository(provider.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountSessions>();
        services.AddSingleton<AccountSignIn>();
        services.AddSingleton<AccountPasswords>();
        services.AddSingleton<AccountInvitations>();
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditLog>();
        return services;
    }
}
