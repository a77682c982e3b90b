using Npgsql;

namespace MailHub.Conversations.Replies;

/// <summary>A signature: plain text, and HTML for the rich-text composer (null: the text, as paragraphs).</summary>
internal sealed record Signature(string Text, string? Html);

/// <summary>Whose signature: a mailbox's (the company's) or an agent's own.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SignatureOwner>))]
internal enum SignatureOwner
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("mailbox")] Mailbox,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("agent")] Agent,
}

/// <summary>Signatures (conversations.signatures) the composer puts below what the agent writes, where the agent can still edit them.</summary>
internal sealed class SignatureStore(NpgsqlDataSource dataSource)
{
    public async Task<Signature?> FindAsync(SignatureOwner kind, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT text_body, html_body FROM conversations.signatures WHERE owner_kind = $1 AND owner_id = $2");
        command.Parameters.Add(new() { Value = Kind(kind) });
        command.Parameters.Add(new() { Value = ownerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Signature(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    /// <summary>Every signature set, mailboxes' first.</summary>
    public async Task<IReadOnlyList<(SignatureOwner Kind, Guid OwnerId, Signature Signature, DateTimeOffset UpdatedAt)>> ListAsync(
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT owner_kind, owner_id, text_body, html_body, updated_at FROM conversations.signatures ORDER BY owner_kind DESC, owner_id");
        var signatures = new List<(SignatureOwner, Guid, Signature, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            signatures.Add((reader.GetString(0) == "mailbox" ? SignatureOwner.Mailbox : SignatureOwner.Agent, reader.GetGuid(1),
                new Signature(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return signatures;
    }

    /// <summary>Saves the signature; an empty text and html removes it.</summary>
    public async Task SaveAsync(SignatureOwner kind, Guid ownerId, Signature signature, CancellationToken cancellationToken)
    {
        var remove = string.IsNullOrWhiteSpace(signature.Text) && string.IsNullOrWhiteSpace(signature.Html);
        await using var command = dataSource.CreateCommand(remove
            ? "DELETE FROM conversations.signatures WHERE owner_kind = $1 AND owner_id = $2"
            : """
              INSERT INTO conversations.signatures (owner_kind, owner_id, text_body, html_body) VALUES ($1, $2, $3, $4)
              ON CONFLICT (owner_kind, owner_id) DO UPDATE SET text_body = excluded.text_body, html_body = excluded.html_body, updated_at = now()
              """);
        command.Parameters.Add(new() { Value = Kind(kind) });
        command.Parameters.Add(new() { Value = ownerId });
        if (!remove)
        {
            command.Parameters.Add(new() { Value = signature.Text });
            command.Parameters.Add(new() { Value = (object?)signature.Html ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Kind(SignatureOwner kind) => kind == SignatureOwner.Mailbox ? "mailbox" : "agent";
}
