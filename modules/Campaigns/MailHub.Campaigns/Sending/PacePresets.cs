using MailHub.Campaigns.Campaigns;
using MailHub.Channels.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Campaigns.Sending;

/// <summary>A provider's pace for campaigns: messages per minute and per day, and where the figure comes from.</summary>
internal sealed record PacePreset(string Provider, int PerMinute, int PerDay, string Note, bool Changed);

/// <summary>The pace a mailbox's campaigns go at, and which applies: its own (mailbox), its provider's preset, or the default.</summary>
internal sealed record MailboxPace(int PerMinute, int PerDay, string Source, string Provider);

/// <summary>
/// Conservative paces per provider, for a mailbox an admin gave no pace of its own. An admin may change a preset (stored
/// in campaigns.pace_presets); the provider ids are Channels' (GET /api/channels/providers). The defaults stay well under
/// what providers publish, since a campaign shares the mailbox with agents' replies and a provider that sees a burst to
/// strangers blocks the whole account for a day:
/// <list type="bullet">
/// <item>Gmail: 500 messages a day for a personal account, 2,000 for Google Workspace (500 on trial), 100 recipients per
/// message by SMTP; over the limit the account cannot send for up to 24 hours (Google Workspace Admin Help, "Gmail
/// sending limits in Google Workspace", https://support.google.com/a/answer/166852).</item>
/// <item>Outlook.com: 300 messages a day for a free account, fewer for a new one (https://www.msoutlook.info/question/235;
/// Microsoft Q&amp;A, https://learn.microsoft.com/en-us/answers/questions/5844111/maximum-emails-sent); Exchange Online
/// (Microsoft 365) 30 messages a minute and 10,000 recipients a day.</item>
/// <item>Tencent Exmail: the quota is the whole domain's, shared by its members: free edition 500 a day, paid 1,500 a day
/// under 30 users (users × 50 above), adjusted by the mail's quality; mail to contacts who wrote before is not counted
/// (Tencent Exmail reseller notes, http://buqiuzu.com/news_in/132, http://www.sjxps.com/news_in/695). Per minute, hour and
/// day limits exist but are not published (http://ydadm.com/news_in/335).</item>
/// <item>Aliyun Enterprise Mail: limits per minute, hour and day, not published, refused with "too frequently sending"
/// (http://www.j32w2.cn/news_in/2519); the free edition starts at 500 a day, at most 100 recipients per message
/// (https://aliyunyh.com/7432.html).</item>
/// <item>QQ Mail, NetEase 163/126, 189: no figure published; they refuse with "sending too frequently" (发信过于频繁)
/// per minute, hour and day (https://www.yimisoft.com/article/detail/2263). Personal mailboxes: a few hundred a day.</item>
/// </list>
/// other and sandbox use MailHub:Campaigns:PerMinute and PerDay.
/// </summary>
internal sealed class PacePresets(NpgsqlDataSource dataSource, CampaignStore campaigns, IOptions<CampaignsOptions> options)
{
    public const string Other = "other";
    public const string Sandbox = "sandbox";

    private static readonly (string Provider, int PerMinute, int PerDay, string Note)[] BuiltIn =
    [
        ("qq", 20, 300, "QQ Mail publishes no limit; personal mailboxes are refused (发信过于频繁) after a few hundred a day."),
        ("163", 15, 200, "NetEase 163 publishes no limit; personal mailboxes are refused after a few hundred a day."),
        ("126", 15, 200, "NetEase 126 publishes no limit; personal mailboxes are refused after a few hundred a day."),
        ("qiye163", 30, 1000, "NetEase Enterprise Mail: limits per minute, hour and day, not published."),
        ("aliyun", 15, 200, "Aliyun personal mail: limits per minute, hour and day, not published."),
        ("aliyun-qiye", 20, 500, "Aliyun Enterprise Mail: free edition starts at 500 a day; per-minute and hourly limits not published."),
        ("exmail", 20, 1000, "Tencent Exmail: 1,500 a day for the whole domain under 30 users (500 free edition), shared by all members."),
        ("gmail", 20, 500, "Gmail: 500 a day personal, 2,000 Google Workspace (support.google.com/a/answer/166852)."),
        ("outlook", 30, 300, "Outlook.com: 300 a day free; Exchange Online 30 a minute, 10,000 recipients a day."),
        ("189", 15, 200, "189 Mail publishes no limit; personal mailboxes are refused after a few hundred a day."),
    ];

    private (string Provider, int PerMinute, int PerDay, string Note)[] Defaults =>
    [
        .. BuiltIn,
        (Other, options.Value.PerMinute, options.Value.PerDay, "Any other server: MailHub:Campaigns:PerMinute and PerDay; set it to your provider's limit."),
        (Sandbox, options.Value.PerMinute, options.Value.PerDay, "QA sandbox mailboxes: nothing leaves MailHub."),
    ];

    public static string ProviderOf(MailboxInfo mailbox) => mailbox.IsSandbox ? Sandbox : string.IsNullOrWhiteSpace(mailbox.Provider) ? Other : mailbox.Provider;

    public bool IsKnown(string provider) => Defaults.Any(d => d.Provider == provider);

    /// <summary>Every preset: the built-in default unless an admin changed it.</summary>
    public async Task<IReadOnlyList<PacePreset>> ListAsync(CancellationToken cancellationToken)
    {
        var changed = await ChangedAsync(null, cancellationToken);
        return Defaults.Select(d => changed.TryGetValue(d.Provider, out var c)
            ? new PacePreset(d.Provider, c.PerMinute, c.PerDay, c.Note ?? d.Note, true)
            : new PacePreset(d.Provider, d.PerMinute, d.PerDay, d.Note, false)).ToList();
    }

    public async Task<PacePreset> FindAsync(string provider, CancellationToken cancellationToken)
    {
        var key = IsKnown(provider) ? provider : Other;
        var d = Defaults.First(p => p.Provider == key);
        var changed = await ChangedAsync(key, cancellationToken);
        return changed.TryGetValue(key, out var c) ? new PacePreset(key, c.PerMinute, c.PerDay, c.Note ?? d.Note, true) : new PacePreset(key, d.PerMinute, d.PerDay, d.Note, false);
    }

    public async Task SetAsync(string provider, int perMinute, int perDay, string? note, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO campaigns.pace_presets (provider, per_minute, per_day, note) VALUES ($1, $2, $3, $4)
            ON CONFLICT (provider) DO UPDATE SET per_minute = $2, per_day = $3, note = coalesce($4, pace_presets.note), updated_at = now()
            """, connection);
        command.Parameters.Add(new() { Value = provider });
        command.Parameters.Add(new() { Value = perMinute });
        command.Parameters.Add(new() { Value = perDay });
        command.Parameters.Add(new() { Value = (object?)note ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The pace of a mailbox: its own when an admin set one (PUT /api/campaigns/pace/{mailboxId}), else its provider's preset.</summary>
    public async Task<MailboxPace> ForAsync(Guid mailboxId, MailboxInfo? mailbox, CancellationToken cancellationToken)
    {
        var provider = mailbox is null ? Other : ProviderOf(mailbox);
        if (await campaigns.PaceAsync(mailboxId, cancellationToken) is { } own)
            return new MailboxPace(own.PerMinute, own.PerDay, "mailbox", provider);
        var preset = await FindAsync(provider, cancellationToken);
        return new MailboxPace(preset.PerMinute, preset.PerDay, "preset", preset.Provider);
    }

    private async Task<Dictionary<string, (int PerMinute, int PerDay, string? Note)>> ChangedAsync(string? provider, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT provider, per_minute, per_day, note FROM campaigns.pace_presets WHERE $1::text IS NULL OR provider = $1", connection);
        command.Parameters.Add(new() { Value = (object?)provider ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var found = new Dictionary<string, (int, int, string?)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        return found;
    }
}
