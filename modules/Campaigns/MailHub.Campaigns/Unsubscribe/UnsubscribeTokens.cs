using Microsoft.AspNetCore.DataProtection;

namespace MailHub.Campaigns.Unsubscribe;

/// <summary>
/// The unsubscribe link's token: the campaign and the address, protected by the cluster's Data Protection key ring (kept in
/// PostgreSQL, so any node reads it). It is the only thing in the URL and cannot be made for another address.
/// </summary>
internal sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("MailHub.Campaigns.Unsubscribe.v1");

    public string Create(Guid campaignId, string email) => _protector.Protect($"{campaignId:N}:{email.ToLowerInvariant()}");

    public (Guid CampaignId, string Email)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
            return null;
        try
        {
            var text = _protector.Unprotect(token);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon == 32 && Guid.TryParseExact(text[..32], "N", out var campaign) ? (campaign, text[33..]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
