using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace MailHub.Campaigns.Tracking;

/// <summary>What a tracking token names: an open (pixel) or a click (with its URL) of one recipient of one campaign.</summary>
internal sealed record TrackingTarget(char Kind, Guid CampaignId, Guid RecipientId, string? Url);

/// <summary>
/// The tokens of the open pixel and the click links: base64url of (kind, campaign, recipient, URL) followed by the first
/// 128 bits of its HMAC-SHA256 under the cluster's key (campaigns.tracking_key, made by migration 0007, read once). Nothing
/// can be changed without the key: a click token redirects only to the URL the campaign's HTML had (no open redirect).
/// </summary>
internal sealed class TrackingTokens(NpgsqlDataSource dataSource)
{
    public const char Open = 'o';
    public const char Click = 'c';
    private const int MacLength = 16;
    private const int Head = 1 + 16 + 16;

    private byte[]? _key;

    public async Task<string> CreateAsync(TrackingTarget target, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        var url = target.Url is null ? [] : Encoding.UTF8.GetBytes(target.Url);
        var payload = new byte[Head + url.Length + MacLength];
        payload[0] = (byte)target.Kind;
        target.CampaignId.TryWriteBytes(payload.AsSpan(1, 16), bigEndian: true, out _);
        target.RecipientId.TryWriteBytes(payload.AsSpan(17, 16), bigEndian: true, out _);
        url.CopyTo(payload.AsSpan(Head));
        HMACSHA256.HashData(key, payload.AsSpan(0, Head + url.Length)).AsSpan(0, MacLength).CopyTo(payload.AsSpan(Head + url.Length));
        return WebEncoders.Base64UrlEncode(payload);
    }

    /// <summary>The target, or null when the token was not made by us for <paramref name="kind"/> (or was changed).</summary>
    public async Task<TrackingTarget?> ReadAsync(string? token, char kind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8000)
            return null;
        byte[] payload;
        try
        {
            payload = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (payload.Length < Head + MacLength || payload[0] != (byte)kind)
            return null;
        return Verify(await KeyAsync(cancellationToken), payload, kind);
    }

    private static TrackingTarget? Verify(byte[] key, byte[] payload, char kind)
    {
        var body = payload.AsSpan(0, payload.Length - MacLength);
        var mac = HMACSHA256.HashData(key, body);
        if (!CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, MacLength), payload.AsSpan(payload.Length - MacLength)))
            return null;
        var campaign = new Guid(payload.AsSpan(1, 16), bigEndian: true);
        var recipient = new Guid(payload.AsSpan(17, 16), bigEndian: true);
        var url = body.Length > Head ? Encoding.UTF8.GetString(body[Head..]) : null;
        return new TrackingTarget(kind, campaign, recipient, url);
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } key)
            return key;
        await using var command = dataSource.CreateCommand("SELECT key FROM campaigns.tracking_key WHERE id = 1");
        return _key = (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
