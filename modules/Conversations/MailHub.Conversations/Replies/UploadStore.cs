using Npgsql;

namespace MailHub.Conversations.Replies;

internal sealed record Upload(Guid Id, string FileName, string ContentType, byte[] Content);

/// <summary>Files agents upload before sending them with a reply (POST /api/attachments).</summary>
internal sealed class UploadStore(NpgsqlDataSource dataSource)
{
    public async Task<Guid> SaveAsync(string fileName, string contentType, byte[] content, Guid uploadedBy, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand(
            "INSERT INTO conversations.uploads (id, file_name, content_type, size, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = fileName });
        command.Parameters.Add(new() { Value = contentType });
        command.Parameters.Add(new() { Value = (long)content.Length });
        command.Parameters.Add(new() { Value = content });
        command.Parameters.Add(new() { Value = uploadedBy });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>The name and size of each upload still kept, in the order asked, without reading the files.</summary>
    public async Task<IReadOnlyList<UploadInfo>> DescribeAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return [];
        await using var command = dataSource.CreateCommand("SELECT id, file_name, octet_length(content) FROM conversations.uploads WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = ids.ToArray() });
        var found = new Dictionary<Guid, UploadInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetGuid(0)] = new UploadInfo(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2));
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>The uploads in the order asked; an unknown id is the caller's mistake.</summary>
    public async Task<IReadOnlyList<Upload>> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return [];
        await using var command = dataSource.CreateCommand("SELECT id, file_name, content_type, content FROM conversations.uploads WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = ids.ToArray() });
        var found = new Dictionary<Guid, Upload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetGuid(0)] = new Upload(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), (byte[])reader[3]);
        return ids.Select(id => found.TryGetValue(id, out var upload) ? upload
            : throw new ArgumentException($"There is no uploaded attachment {id}: upload it with POST /api/attachments first.")).ToList();
    }
}

/// <summary>An upload's name and size in bytes.</summary>
internal sealed record UploadInfo(Guid Id, string FileName, long Size);
