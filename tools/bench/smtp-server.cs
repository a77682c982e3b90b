#:project ../../src/MailHub.Mail/MailHub.Mail.csproj
#:property PublishAot=false

// A bench-only SMTP server for tools/bench/smtp-load.sh: the MailHub SMTP server (the SmtpServer
// engine on our bounded transport) with a store that copies each message and drops it (the in-memory
// upper bound of a real store). Usage: dotnet run --file tools/bench/smtp-server.cs -c Release -- <port>
using System.Buffers;
using System.Net;
using MailHub.Mail.Smtp.Server;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2526;
var options = new SmtpServerOptions { ServerName = "bench.test", MaxConnectionsPerIp = 1000 };
options.Endpoints.Add(new SmtpEndpointOptions { Address = IPAddress.Loopback.ToString(), Port = port, TlsMode = SmtpTlsMode.None });
var store = new CountingStore();
await using var server = new BoundedSmtpServer(options, store, new AnyRecipient());
server.SessionFaulted += (_, e) => Console.Error.WriteLine(e.Exception);
await server.StartAsync();
Console.WriteLine($"listening on 127.0.0.1:{port}");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
Console.WriteLine($"stored {store.Count} messages, {store.Bytes} bytes");

internal sealed class AnyRecipient : IMailboxFilter
{
    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) => Task.FromResult(true);
}

internal sealed class CountingStore : IMessageStore
{
    private long _count;
    private long _bytes;

    public long Count => Interlocked.Read(ref _count);

    public long Bytes => Interlocked.Read(ref _bytes);

    public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var content = MessageContent.ToArray(buffer);
        var id = Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, content.Length);
        return Task.FromResult(SmtpReplies.Queued(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
