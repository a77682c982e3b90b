using System.Buffers;
using System.Diagnostics;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Pop3;
using MailKit.Search;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub fetch imap|pop3 --host H ... --out FOLDER: downloads every message of INBOX as FOLDER/&lt;uid&gt;.eml
/// (IMAP UID; POP3 UIDL) on MailKit's ImapClient and Pop3Client.
/// </summary>
internal static class FetchCommand
{
    private const string Usage =
        "usage: mailhub fetch imap|pop3 --host H [--port P] [--security ssl|starttls|none] --user U " +
        "(--password W | --token OAUTH2) --out FOLDER [--insecure] [--verbose]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (CheckCommand.Parse(args, Usage) is not { } o || o.Protocol == "smtp" || o.Out is null)
        {
            if (args.Length > 0)
                await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        Directory.CreateDirectory(o.Out);
        // One file per message, written once by us alone: skip the advisory flock per file.
        AppContext.SetSwitch("System.IO.DisableFileLocking", true);
        var watch = Stopwatch.StartNew();
        try
        {
            var (count, bytes) = o.Protocol == "imap" ? await FetchImapAsync(o) : await FetchPop3Async(o);
            var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
            Console.WriteLine($"{count} messages, {bytes / 1024.0 / 1024.0:0.0} MB in {seconds:0.00} s ({count / seconds:0} messages/s) → {o.Out}");
            return 0;
        }
        catch (Exception e) when (e is MailProtocolException or TimeoutException or IOException)
        {
            var kind = e is MailProtocolException m ? m.Kind.ToString() : e.GetType().Name;
            await Console.Error.WriteLineAsync($"mailhub fetch: [{kind}] {e.Message}");
            return 1;
        }
    }

    private static async Task<(int Count, long Bytes)> FetchImapAsync(CheckCommand.Options o)
    {
        using var client = await ImapSession.OpenAsync(o.Endpoint, o.User, o.Token ?? o.Password!, o.Token is not null);
        try
        {
            var inbox = await client.OpenFolderAsync(o.Endpoint, "INBOX", FolderAccess.ReadOnly);
            if (inbox.Count == 0)
                return (0, 0);
            var uids = await inbox.SearchAsync(SearchQuery.All);
            long bytes = 0;
            var count = 0;
            // UID FETCH n:m (UID BODY.PEEK[]) in slices: each message's raw bytes straight to its file, \Seen left alone.
            foreach (var slice in uids.Chunk(2000))
            {
                await inbox.GetStreamsAsync(slice, async (_, _, uid, content, ct) =>
                {
                    await SaveAsync(content, content.Length, Path.Combine(o.Out!, $"{uid.Id}.eml"), ct);
                    bytes += content.Length;
                    count++;
                });
            }
            await client.DisconnectAsync(true);
            return (count, bytes);
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, o.Endpoint);
        }
    }

    private static async Task<(int Count, long Bytes)> FetchPop3Async(CheckCommand.Options o)
    {
        using var client = await Pop3Session.OpenAsync(o.Endpoint, o.User, o.Token ?? o.Password!, o.Token is not null);
        try
        {
            var uidls = client.Capabilities.HasFlag(Pop3Capabilities.UIDL) ? await client.GetMessageUidsAsync() : null;
            long bytes = 0;
            for (var i = 0; i < client.Count; i++)
            {
                var name = uidls is not null ? Safe(uidls[i]) : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await using var file = new FileStream(Path.Combine(o.Out!, name + ".eml"), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await using (var content = await client.GetStreamAsync(i))
                    await content.CopyToAsync(file);
                bytes += file.Length;
            }
            var count = client.Count;
            await client.DisconnectAsync(true);
            return (count, bytes);
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, o.Endpoint);
        }
    }

    /// <summary>Up to 1 MB: one pooled buffer and one write; larger messages stream through a file stream.</summary>
    private static async Task SaveAsync(Stream content, long length, string path, CancellationToken ct)
    {
        if (length > 1024 * 1024)
        {
            await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 256 * 1024, FileOptions.None);
            await content.CopyToAsync(stream, ct);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        try
        {
            var read = 0;
            while (read < length)
                read += await content.ReadAsync(buffer.AsMemory(read, (int)length - read), ct);
            using var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
            RandomAccess.Write(file, buffer.AsSpan(0, read), 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Safe(string uid) =>
        string.Concat(uid.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
