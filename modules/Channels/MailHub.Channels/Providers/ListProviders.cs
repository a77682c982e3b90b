using FastEndpoints;

namespace MailHub.Channels.Providers;

/// <summary>GET /api/channels/providers: the presets the mailbox form offers.</summary>
internal sealed class ListProviders : EndpointWithoutRequest<IReadOnlyList<ProviderPreset>>
{
    public override void Configure()
    {
        Get("/channels/providers");
        Summary(s =>
        {
            s.Summary = "Mail providers with their servers and quirks.";
            s.Description = "Each provider's IMAP, POP3 and SMTP servers, whether it wants an authorization code (授权码) or app password "
                + "and where to get one, and its quirks; the id goes in a mailbox's provider.";
        });
    }

    public override Task HandleAsync(CancellationToken cancellationToken) => Send.OkAsync(ProviderPresets.All, cancellationToken);
}
