namespace MailHub.Channels.Mailboxes;

/// <summary>The API shape of a mailbox: the request's shape plus id and status, with "hasPassword" in place of secrets.</summary>
internal static class MailboxJson
{
    public static object Of(Mailbox m)
    {
        var c = m.Config;
        return new
        {
            id = m.Id,
            name = m.Name,
            address = m.Address,
            displayName = m.DisplayName,
            provider = m.Provider,
            enabled = m.Enabled,
            inbound = new
            {
                protocol = c.Protocol,
                host = c.Inbound?.Host,
                port = c.Inbound?.Port,
                security = c.Inbound?.Security,
                username = c.Inbound?.Username,
                auth = c.Inbound?.Auth,
                hasPassword = m.HasInboundSecret,
                acceptInvalidCertificate = c.Inbound?.AcceptInvalidCertificate ?? false,
                folders = c.Folders,
            },
            outbound = c.Outbound is { } o
                ? new
                {
                    host = (string?)o.Host,
                    port = (int?)o.Port,
                    security = (string?)o.Security,
                    username = (string?)o.Username,
                    auth = (string?)o.Auth,
                    hasPassword = m.HasOutboundSecret || m.HasInboundSecret,
                    acceptInvalidCertificate = o.AcceptInvalidCertificate,
                    defaultRelay = false,
                }
                : new
                {
                    host = (string?)null,
                    port = (int?)null,
                    security = (string?)null,
                    username = (string?)null,
                    auth = (string?)null,
                    hasPassword = false,
                    acceptInvalidCertificate = false,
                    defaultRelay = true,
                },
            initialImport = new { mode = c.InitialImport, days = c.InitialImportDays },
            onServer = new { action = c.OnServer, folder = c.OnServerFolder, afterDays = c.DeleteAfterDays },
            saveToSent = c.SaveToSent,
            sentFolder = c.SentFolder,
            claims = c.Claims,
            allowPlusAddressing = c.AllowPlusAddressing,
            subjectTokens = c.SubjectTokens,
            status = m.Status,
            statusMessage = m.StatusMessage,
            lastSuccessAt = m.LastSuccessAt,
            verifiedAt = m.VerifiedAt,
            createdAt = m.CreatedAt,
            updatedAt = m.UpdatedAt,
        };
    }
}
