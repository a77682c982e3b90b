#:project ../../src/MailHub.Mail/MailHub.Mail.csproj
#:property PublishAot=false

// A bench-only SMTP server for tools/bench/smtp-load.sh: the MailHub SMTP engine with a store that
// copies each message into memory and drops it at commit (the in-memory upper bound of a real store).
// Usage: dotnet run --file tools/bench/smtp-server.cs -c Release -- <port>
using System.Net;
using MailHub.Mail.Smtp.Server;

var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2526;
var options = new SmtpServerOptions { ServerName = "bench.test", MaxConnectionsPerIp = 1000 };
options.Endpoints.Add(new SmtpEndpointOptions { Address = IPAddress.Loopback.ToString(), Port = port, TlsMode = SmtpTlsMode.None });
options.AcceptDomains.Add("example.com");
var store = new CountingStore();
await using var server = new SmtpServer(options, store);
server.SessionError += (_, e) => Console.Error.WriteLine(e.Exception);
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

internal sealed class CountingStore : IMessageStore
{
    private long _count;
    private long _bytes;

    public long Count => Interlocked.Read(ref _count);

    public long Bytes => Interlocked.Read(ref _bytes);

    public ValueTask<IMessageWriter> BeginAsync(SmtpTransaction transaction, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IMessageWriter>(new Writer(this));

    private sealed class Writer(CountingStore store) : IMessageWriter
    {
        private readonly MemoryStream _content = new();

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _content.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask<MessageStoreResult> CommitAsync(CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref store._count);
            Interlocked.Add(ref store._bytes, _content.Length);
            return ValueTask.FromResult(new MessageStoreResult(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        public ValueTask AbortAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => _content.DisposeAsync();
    }
}
