using MailHub.Core.Accounts;
using MailHub.Core.Database;
using MailHub.Host;
using MailHub.Host.Api;

// Before MimeKit first looks a charset up: gb2312 as GB18030, Big5 with the ETEN rows, the other code pages mail uses.
MailHub.Mail.Mime.MailEncodings.Register();
// `MailHub.Host openapi --out FILE` writes the OpenAPI document and exits, starting nothing (Api/OpenApiExport.cs).
if (OpenApiExport.IsRequested(args))
    return await OpenApiExport.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5080");

await builder.AddMailHubAsync();

var app = builder.Build();
await app.Services.MigrateMailHubDatabaseAsync(MailHubModules.All);
await app.Services.GetRequiredService<AccountStore>().EnsureAdminAsync(app.Configuration);

app.UseMailHubApi(MailHubModules.All);
await app.RunAsync();
return 0;

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
