using System.Globalization;
using MailHub.Mail.Net;

namespace MailHub.Mail.Imap;

public sealed partial class ImapClient
{
    private static readonly string[] SentNames = ["Sent", "Sent Messages", "Sent Items", "Sent Mail", "已发送", "已发送邮件", "INBOX.Sent"];

    /// <summary>LIST: folders matching <paramref name="pattern"/> ("*" = all), names decoded from modified UTF-7.</summary>
    public async Task<IReadOnlyList<ImapFolder>> ListAsync(string pattern = "*", CancellationToken ct = default)
    {
        var folders = new List<ImapFolder>();
        await ExecuteOkAsync(new ImapCommand("LIST").Raw("LIST \"\" ").String(ImapUtf7.Encode(pattern)), ct, r =>
        {
            if (r.Name != "LIST" || r.Values.Count < 3 || r.Values[2] is not string encoded)
                return;
            var delimiter = r.Values[1] is string { Length: > 0 } d ? d[0] : (char?)null;
            folders.Add(new ImapFolder(ImapUtf7.Decode(encoded), encoded, delimiter, ImapValues.Strings(r.Values[0])));
        });
        return folders;
    }

    /// <summary>The folder where sent mail goes: the \Sent special use, else a well-known name; null when none.</summary>
    public async Task<ImapFolder?> FindSentFolderAsync(CancellationToken ct = default)
    {
        var folders = await ListAsync("*", ct);
        return folders.FirstOrDefault(f => f.Has(@"\Sent"))
            ?? SentNames.Select(n => folders.FirstOrDefault(f => string.Equals(f.Name, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(f => f is not null);
    }

    public Task CreateFolderAsync(string name, CancellationToken ct = default) =>
        ExecuteOkAsync(new ImapCommand("CREATE").Raw("CREATE ").String(ImapUtf7.Encode(name)), ct);

    /// <summary>
    /// DELETE (RFC 9051 §6.3.5): removes a folder and its messages. A folder created again under that name gets a new
    /// UIDVALIDITY, or UIDs continuing after the old ones (RFC 9051 §2.3.1.1).
    /// </summary>
    public Task DeleteFolderAsync(string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (SelectedFolder?.Name == name)
            SelectedFolder = null;
        return ExecuteOkAsync(new ImapCommand("DELETE").Raw("DELETE ").String(ImapUtf7.Encode(name)), ct);
    }

    /// <summary>SELECT: opens a folder read-write.</summary>
    public Task<ImapFolderStatus> SelectAsync(string folder = "INBOX", CancellationToken ct = default) => OpenAsync("SELECT", folder, ct);

    /// <summary>EXAMINE: opens a folder read-only (fetching does not set \Seen).</summary>
    public Task<ImapFolderStatus> ExamineAsync(string folder = "INBOX", CancellationToken ct = default) => OpenAsync("EXAMINE", folder, ct);

    private async Task<ImapFolderStatus> OpenAsync(string verb, string folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(folder);
        SelectedFolder = null;
        uint uidValidity = 0, uidNext = 0, exists = 0;
        IReadOnlyList<string> flags = [];
        var command = new ImapCommand(verb).Raw(verb + " ").String(ImapUtf7.Encode(folder));
        void OnUntagged(ImapResponse r)
        {
            switch (r.Name)
            {
                case "EXISTS":
                    exists = r.Number ?? 0;
                    break;
                case "FLAGS":
                    flags = ImapValues.Strings(r.Values.FirstOrDefault());
                    break;
                case "OK" when r.CodeName == "UIDVALIDITY":
                    uidValidity = ImapValues.Number(r.CodeArguments) ?? 0;
                    break;
                case "OK" when r.CodeName == "UIDNEXT":
                    uidNext = ImapValues.Number(r.CodeArguments) ?? 0;
                    break;
            }
        }

        var (status, commandAlert) = await ExecuteAsync(command, OnUntagged, null, ct);
        if (status.Name == "NO" && status.Text.Contains("Unsafe Login", StringComparison.OrdinalIgnoreCase) && !idSent)
        {
            // NetEase: SELECT fails until the client has sent ID; send it and try once more.
            await SendIdAsync(ct);
            (status, commandAlert) = await ExecuteAsync(command, OnUntagged, null, ct);
        }
        if (status.Name != "OK")
        {
            if (status.Text.Contains("Unsafe Login", StringComparison.OrdinalIgnoreCase))
                throw new MailProtocolException(MailErrorKind.AuthenticationFailed,
                    $"{Endpoint.Host} refused to open {folder} as an unsafe login ({status}): the server wants the IMAP ID command and an authorization code (授权码) login; check the mailbox's client settings.",
                    status.ToString());
            throw ImapErrors.FromStatus(Endpoint, verb, status, commandAlert);
        }
        var readOnly = verb == "EXAMINE" || status.CodeName == "READ-ONLY";
        SelectedFolder = new ImapFolderStatus(folder, uidValidity, uidNext, exists, readOnly, flags);
        return SelectedFolder;
    }

    /// <summary>
    /// APPEND: stores a message (e.g. a sent reply into the Sent folder). Returns its UID when the server has
    /// UIDPLUS (APPENDUID), else null. The stream must seek, or <paramref name="length"/> must be given.
    /// </summary>
    public async Task<uint?> AppendAsync(string folder, Stream message, IEnumerable<string>? flags = null, DateTimeOffset? internalDate = null,
        long? length = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(message);
        var size = length ?? (message.CanSeek ? message.Length - message.Position
            : throw new ArgumentException("The message length is needed for APPEND: pass it or use a seekable stream.", nameof(length)));
        var command = new ImapCommand("APPEND").Raw("APPEND ").String(ImapUtf7.Encode(folder));
        if (flags is not null)
            command.Raw(" (" + string.Join(' ', flags) + ")");
        if (internalDate is { } date)
            command.Raw(" ").String(ImapValues.FormatInternalDate(date));
        command.Raw(" ").Literal(message, size);
        var status = await ExecuteOkAsync(command, ct);
        if (status.CodeName == "APPENDUID" && status.CodeArguments.Split(' ') is [_, var uid])
            return uint.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : null;
        return null;
    }
}
