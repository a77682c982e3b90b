namespace MailHub.People.Sync;

/// <summary>A sync source as admins see it: never its token, which only creating the source or renewing the token shows, once.</summary>
internal sealed record SyncSourceResponse(string Name, DateTimeOffset CreatedAt, SyncRun? LastRun)
{
    public static SyncSourceResponse Of(SyncSource source) => new(source.Name, source.CreatedAt, source.LastRun);
}

/// <summary>A source's new token, shown this once: the source sends it as Authorization: Bearer {token}.</summary>
internal sealed record SyncSourceTokenResponse(string Name, string Token);
