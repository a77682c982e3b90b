using System.Buffers;
using System.Diagnostics;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Pop3;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub fetch imap|pop3 --host H ... --out FOLDER: downloads every message of INBOX as FOLDER/&lt;uid&gt;.eml
/// (IMAP UID; POP3 UIDL), streaming each message straight to its file.
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
        await using var client = await ImapClient.ConnectAsync(o.Endpoint);
        if (o.Token is not null)
            await client.AuthenticateOAuth2Async(o.User, o.Token);
        else
            await client.LoginAsync(o.User, o.Password!);
        var inbox = await client.ExamineAsync("INBOX");
        if (inbox.Exists == 0)
            return (0, 0);
        long bytes = 0;
        var pending = new Dictionary<uint, string>();
        var summaries = await client.FetchAsync(UidSet.All, ImapFetchItems.None, async (body, ct) =>
        {
            // Servers send UID before the body when asked for it first; if not, name by sequence and rename below.
            var path = Path.Combine(o.Out!, body.Uid is { } uid ? $"{uid}.eml" : $"seq-{body.SequenceNumber}.part");
            if (body.Uid is null)
                pending[body.SequenceNumber] = path;
            await SaveAsync(body.Content, body.Length, path, ct);
            bytes += body.Length;
        });
        foreach (var s in summaries.Where(s => pending.ContainsKey(s.SequenceNumber)))
            File.Move(pending[s.SequenceNumber], Path.Combine(o.Out!, $"{s.Uid}.eml"), overwrite: true);
        await client.LogoutAsync();
        return (summaries.Count, bytes);
    }

    private static async Task<(int Count, long Bytes)> FetchPop3Async(CheckCommand.Options o)
    {
        await using var client = await Pop3Client.ConnectAsync(o.Endpoint);
        if (o.Token is not null)
            await client.AuthenticateOAuth2Async(o.User, o.Token);
        else
            await client.LoginAsync(o.User, o.Password!);
        IReadOnlyDictionary<int, string> uidl;
        try
        {
            uidl = await client.UidlAsync();
        }
        catch (MailProtocolException e) when (e.Kind == MailErrorKind.Permanent)
        {
            uidl = new Dictionary<int, string>();
        }
        var list = await client.ListAsync();
        long bytes = 0;
        foreach (var message in list)
        {
            var name = uidl.TryGetValue(message.Number, out var uid) ? Safe(uid) : message.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var file = new FileStream(Path.Combine(o.Out!, name + ".eml"), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await client.RetrieveAsync(message.Number, file);
            bytes += file.Length;
        }
        await client.QuitAsync();
        return (list.Count, bytes);
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
